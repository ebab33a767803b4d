"""The enrolment QR code, drawn on the server as an SVG data URI (the CSP allows images from
data: but no script), so no third party ever sees the secret."""

import segno


def qr_data_uri(otpauth_url: str) -> str:
    return segno.make(otpauth_url, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")
