"""The report pages as the test client sees them."""


def page(client, url, data=None):
    """GET or POST, saying why first when the door asks (s.62)."""
    response = client.post(url, data) if data is not None else client.get(url)
    if response.status_code == 302 and "purpose" in response["Location"]:
        client.post(response["Location"], {"purpose": "oversight"})
        response = client.post(url, data) if data is not None else client.get(url)
    return response
