"""The HR import of people: check the whole file, preview, apply once, replay changes nothing."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from casework.models import (
    CharacteristicsSource,
    Force,
    ImportStatus,
    PeopleImport,
    Person,
    ProtectedCharacteristics,
    Unit,
)
from casework.people_import import ImportRejected, apply_import, check_content, decode_upload, preview_import
from casework.permissions import can_import_people
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "force_code,number,person_type,first_name,last_name,rank,unit,line_manager_number,probationer,vetting_status,email"
)
# The manager (4521) comes after the people who report to them: managers are a second pass.
GOOD_ROWS = [
    "wmp,6730,officer,Priya,Shah,Police constable,Response Team A,4521,yes,pending,",
    "wmp,S1002,staff,Dan,Reed,Police staff,,4521,,,dan.reed@police.example",
    "WMP,4521,officer,Sam,Hughes,Sergeant,response team a,,no,cleared,sam.hughes@police.example",
    "gmp,4521,special,Jo,Bell,Special constable,,,false,Not known,",
]


def csv_text(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def register(db):
    wmp = Force.objects.create(code="wmp", name="West Midlands Police", is_home=True)
    gmp = Force.objects.create(code="gmp", name="Greater Manchester Police")
    Unit.objects.create(force=wmp, name="Response Team A")
    Unit.objects.create(force=gmp, name="Tactical Aid")
    return {"wmp": wmp, "gmp": gmp}


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.admin)
    return client


def import_and_apply(content, user, filename="people.csv"):
    people_import = preview_import(filename=filename, content=content, user=user)
    return people_import, apply_import(people_import, user=user)


def snapshot():
    """Everything the import may write, to prove that nothing changed."""
    return sorted(Person.objects.values_list("force__code", "number", "first_name", "rank__name", "updated_at"))


# The service ------------------------------------------------------------------------------
def test_preview_counts_a_good_file_and_writes_no_person(register, personas):
    people_import = preview_import(filename="hr.csv", content=csv_text(*GOOD_ROWS), user=personas.admin)

    assert Person.objects.count() == 0
    assert people_import.status == ImportStatus.PREVIEWED
    assert people_import.errors == []
    assert people_import.summary["created"] == 4
    assert people_import.summary["updated"] == 0
    assert people_import.summary["unchanged"] == 0
    assert people_import.summary["rows"] == 4
    assert [c["line"] for c in people_import.summary["changes"]] == [2, 3, 4, 5]
    assert len(people_import.sha256) == 64
    assert people_import.uploaded_by == personas.admin


def test_a_good_file_is_applied_with_every_attribute(register, personas):
    people_import, counts = import_and_apply(csv_text(*GOOD_ROWS), personas.admin)

    assert counts == {"created": 4, "updated": 0, "unchanged": 0}
    people_import.refresh_from_db()
    assert people_import.status == ImportStatus.APPLIED
    assert people_import.applied_at is not None
    sam = Person.objects.get(force=register["wmp"], number="4521")
    priya = Person.objects.get(force=register["wmp"], number="6730")
    dan = Person.objects.get(force=register["wmp"], number="S1002")
    jo = Person.objects.get(force=register["gmp"], number="4521")
    assert (sam.first_name, sam.last_name, sam.rank.name, sam.unit.name) == (
        "Sam",
        "Hughes",
        "Sergeant",
        "Response Team A",
    )
    assert (sam.probationer, sam.vetting_status, sam.email) == (False, "cleared", "sam.hughes@police.example")
    assert sam.line_manager is None
    assert priya.line_manager == sam  # named before the manager's own row
    assert (priya.probationer, priya.vetting_status, priya.email) == (True, "pending", "")
    assert (dan.person_type, dan.unit, dan.line_manager, dan.vetting_status) == ("staff", None, sam, "not_known")
    assert (jo.person_type, jo.vetting_status, jo.probationer) == ("special", "not_known", False)


def test_replaying_a_file_changes_nothing(register, personas):
    content = csv_text(*GOOD_ROWS)
    import_and_apply(content, personas.admin)
    before = snapshot()

    replay = preview_import(filename="again.csv", content=content, user=personas.admin)
    assert (replay.summary["created"], replay.summary["updated"], replay.summary["unchanged"]) == (0, 0, 4)
    assert replay.summary["changes"] == []
    counts = apply_import(replay, user=personas.admin)

    assert counts == {"created": 0, "updated": 0, "unchanged": 4}
    assert snapshot() == before
    assert Person.objects.count() == 4


def test_an_import_is_applied_only_once(register, personas):
    people_import, _counts = import_and_apply(csv_text(*GOOD_ROWS), personas.admin)
    before = snapshot()

    with pytest.raises(ImportRejected, match="already been applied"):
        apply_import(people_import, user=personas.admin)
    assert snapshot() == before


def test_changes_are_detected_and_applied(register, personas):
    import_and_apply(csv_text(*GOOD_ROWS), personas.admin)
    changed = csv_text(
        "wmp,6730,officer,Priya,Shah,Sergeant,Response Team A,,no,cleared,priya.shah@police.example",
        "wmp,S1002,staff,Dan,Reed,Police staff,,4521,,,dan.reed@police.example",
        "wmp,4521,officer,Sam,Hughes,Sergeant,Response Team A,6730,no,cleared,sam.hughes@police.example",
        "wmp,7000,officer,New,Starter,Police constable,,6730,yes,pending,",
    )

    people_import = preview_import(filename="changes.csv", content=changed, user=personas.admin)
    assert (people_import.summary["created"], people_import.summary["updated"]) == (1, 2)
    assert people_import.summary["unchanged"] == 1
    by_line = {c["line"]: c for c in people_import.summary["changes"]}
    assert by_line[2]["action"] == "update"
    # The vetting status is the vetting route's (conduct/vetting): ignored for people on the register.
    assert set(by_line[2]["fields"]) == {"rank", "line manager", "probationer", "email"}
    assert people_import.summary["vetting_ignored"] == 1
    assert by_line[4]["fields"] == ["line manager"]
    assert by_line[5]["action"] == "create"

    counts = apply_import(people_import, user=personas.admin)

    assert counts == {"created": 1, "updated": 2, "unchanged": 1}
    priya = Person.objects.get(number="6730")
    sam = Person.objects.get(force=register["wmp"], number="4521")
    assert (priya.rank.name, priya.line_manager, priya.probationer) == ("Sergeant", None, False)
    assert (priya.vetting_status, priya.email) == ("pending", "priya.shah@police.example")
    assert sam.line_manager == priya
    assert Person.objects.get(number="7000").line_manager == priya
    assert Person.objects.count() == 5


def test_columns_left_out_keep_what_the_register_holds(register, personas):
    import_and_apply(csv_text(*GOOD_ROWS), personas.admin)
    content = csv_text("6730,wmp,officer,Priya,Shah-Khan", header="number,force_code,person_type,first_name,last_name")

    people_import, counts = import_and_apply(content, personas.admin)

    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    priya = Person.objects.get(number="6730")
    assert priya.last_name == "Shah-Khan"
    assert (priya.rank.name, priya.unit.name, priya.line_manager.number) == (
        "Police constable",
        "Response Team A",
        "4521",
    )
    assert (priya.probationer, priya.vetting_status) == (True, "pending")


BAD_ROWS = [
    "wmp,1001,officer,Good,Row,Police constable,,,,,",  # line 2: fine
    "xyz,1002,officer,Ann,Able,,,,,,",  # 3: unknown force
    "wmp,1003,detective,Bob,Baker,,,,,,",  # 4: bad type
    "wmp,1004,staff,Cat,Cole,,,,,,not-an-email",  # 5: bad email
    "wmp,1001,officer,Dup,Licate,,,,,,",  # 6: duplicate of line 2
    "wmp,1006,officer,,Dodd,,,,,,",  # 7: missing first name
    "wmp,1007,officer,Eve,Ellis,Sgt,,,,,",  # 8: unknown rank
    "wmp,1008,officer,Fay,Ford,,,,,secret,",  # 9: bad vetting value
    "wmp,1009,officer,Gus,Gray,,,9999,,,",  # 10: line manager not found
    "wmp,1010,officer,Hal,Hart,,Nowhere,,maybe,,",  # 11: unknown unit and bad yes/no
    "gmp,1011,staff,Ida,Ince,,,1001,,,",  # 12: manager 1001 is in the file, but for wmp
]
BAD_LINES = {
    3: "Unknown force code “xyz”",
    4: "Unknown person type “detective”",
    5: "not a valid email address",
    6: "already on line 2",
    7: "first name is missing",
    8: "Unknown rank “Sgt”",
    9: "Unknown vetting status “secret”",
    10: "Line manager number 9999",
    11: "Unknown unit “Nowhere”",
    12: "Line manager number 1001",
}


def test_a_file_with_bad_rows_reports_every_line_and_changes_nothing(register, personas):
    import_and_apply(csv_text(*GOOD_ROWS), personas.admin)
    before = snapshot()

    people_import = preview_import(filename="bad.csv", content=csv_text(*BAD_ROWS), user=personas.admin)

    assert people_import.status == ImportStatus.INVALID
    errors = people_import.errors
    assert sorted({e["line"] for e in errors}) == sorted(BAD_LINES)
    for line, text in BAD_LINES.items():
        assert any(e["line"] == line and text in e["message"] for e in errors), (line, errors)
    assert any(e["line"] == 11 and "Probationer must be yes or no" in e["message"] for e in errors)
    assert people_import.summary["bad_rows"] == len(BAD_LINES)
    with pytest.raises(ImportRejected) as rejected:
        apply_import(people_import, user=personas.admin)
    assert {e["line"] for e in rejected.value.errors} == set(BAD_LINES)
    assert snapshot() == before
    people_import.refresh_from_db()
    assert people_import.status == ImportStatus.INVALID


def test_applying_checks_the_register_again(register, personas):
    content = csv_text("gmp,2001,officer,Kim,Kay,,Tactical Aid,,,,")
    people_import = preview_import(filename="hr.csv", content=content, user=personas.admin)
    assert people_import.status == ImportStatus.PREVIEWED
    Unit.objects.filter(name="Tactical Aid").delete()  # the register changes after the preview

    with pytest.raises(ImportRejected) as rejected:
        apply_import(people_import, user=personas.admin)

    assert rejected.value.errors == [{"line": 2, "message": "Unknown unit “Tactical Aid” in force gmp."}]
    assert not Person.objects.exists()
    people_import.refresh_from_db()
    assert people_import.status == ImportStatus.PREVIEWED


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("", 1, "The file is empty."),
        ("\n\n", 1, "The file is empty."),
        (HEADER + "\n", 2, "header row but no people"),
        ("force_code,number,person_type,first_name\nwmp,1,officer,A\n", 1, "no “last_name” column"),
        (HEADER + ",shoe_size\n", 1, "Unknown column “shoe_size”"),
        (HEADER + ",number\n", 1, "“number” appears more than once"),
        (csv_text("wmp,1,officer,A,B"), 2, "This line has 5 values but the header has 11"),
        (csv_text('wmp,1,officer,"A,B,,,,,,,'), 2, "cannot be read as CSV"),
        ("a\x00b", 1, "binary data"),
    ],
)
def test_problems_with_the_whole_file_are_reported_not_raised(register, content, line, message):
    errors = check_content(content).errors
    assert any(e["line"] == line and message in e["message"] for e in errors), errors


def test_a_byte_order_mark_and_windows_line_endings_are_accepted(register, personas):
    data = ("\ufeff" + csv_text(*GOOD_ROWS)).replace("\n", "\r\n").encode("utf-8")
    _import, counts = import_and_apply(decode_upload(data), personas.admin)
    assert counts["created"] == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        ("force_code,number\nwmp,Sí".encode("cp1252"), "not UTF-8"),
        ("force_code".encode("utf-16"), "UTF-16"),
        (b"%PDF-1.7\x00\x01\x02", "binary data"),
    ],
)
def test_files_that_are_not_utf8_csv_are_refused_with_a_message(data, message):
    with pytest.raises(ImportRejected, match=message):
        decode_upload(data)


def test_query_counts_do_not_grow_with_the_rows(register, personas, django_assert_max_num_queries):
    def rows(suffix):
        # Each reports to the one before: 199 line managers, all set by the second pass.
        return [
            f"wmp,{n},officer,First{n},Last{suffix},Police constable,Response Team A,{n - 1 or ''},no,cleared,"
            for n in range(1, 201)
        ]

    with django_assert_max_num_queries(6):
        people_import = preview_import(filename="big.csv", content=csv_text(*rows("A")), user=personas.admin)
    with django_assert_max_num_queries(12):
        assert apply_import(people_import, user=personas.admin)["created"] == 200
    assert Person.objects.filter(line_manager__isnull=False).count() == 199

    changed = preview_import(filename="big2.csv", content=csv_text(*rows("B")), user=personas.admin)
    with django_assert_max_num_queries(12):
        assert apply_import(changed, user=personas.admin)["updated"] == 200
    assert Person.objects.filter(last_name="LastB").count() == 200


def test_only_administrators_and_superusers_may_import(personas):
    assert can_import_people(personas.admin)
    assert can_import_people(UserFactory(username="root", is_superuser=True))
    for user in (personas.investigator, personas.authority, personas.head, personas.auditor):
        assert not can_import_people(user)


# The web ----------------------------------------------------------------------------------
def test_the_upload_page_offers_a_file_upload_listing_the_columns(admin_client):
    response = admin_client.get(reverse("people-import"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="govuk-file-upload"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "line_manager_number" in body and "vetting_status" in body


def test_upload_preview_and_apply_through_the_web(register, admin_client):
    response = admin_client.post(reverse("people-import"), {"file": upload("hr.csv", csv_text(*GOOD_ROWS).encode())})

    people_import = PeopleImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people-import-preview", args=[people_import.pk])
    assert not Person.objects.exists()

    page = admin_client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="count-created">4<' in body
    assert "govuk-summary-list" in body and "govuk-warning-text" in body
    assert "Apply this import" in body

    response = admin_client.post(reverse("people-import-preview", args=[people_import.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("person-list")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Import applied: 4 people added, 0 updated, 0 unchanged."
    ]
    assert Person.objects.count() == 4

    again = admin_client.post(reverse("people-import-preview", args=[people_import.pk]))
    assert again.status_code == 200
    assert "This import has already been applied." in again.content.decode()
    assert Person.objects.count() == 4


def test_a_replayed_upload_says_nothing_will_change(register, admin_client, personas):
    import_and_apply(csv_text(*GOOD_ROWS), personas.admin)
    admin_client.post(reverse("people-import"), {"file": upload("hr.csv", csv_text(*GOOD_ROWS).encode())})
    page = admin_client.get(reverse("people-import-preview", args=[PeopleImport.objects.latest("pk").pk]))
    body = page.content.decode()
    assert 'data-testid="count-created">0<' in body
    assert 'data-testid="count-unchanged">4<' in body
    assert "An identical file" in body
    assert "applying it changes nothing" in body


def test_a_bad_upload_shows_every_bad_row_and_cannot_be_applied(register, admin_client):
    response = admin_client.post(reverse("people-import"), {"file": upload("bad.csv", csv_text(*BAD_ROWS).encode())})
    preview_url = response["Location"]

    page = admin_client.get(preview_url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in body
    assert 'id="bad-rows"' in body
    for line, text in BAD_LINES.items():
        assert f'govuk-table__cell--numeric">{line}<' in body
        assert text in body
    assert "Apply this import" not in body

    response = admin_client.post(preview_url)
    assert response.status_code == 200
    assert "The file has errors, so nothing was imported." in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "Select a CSV file of people"),
        (b"", "The selected file is empty."),
        ("force_code,number\nwmp,Sí".encode("cp1252"), "is not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
    ],
)
def test_unreadable_uploads_get_a_clear_message_not_a_500(register, admin_client, data, message):
    post = {} if data is None else {"file": upload("people.csv", data)}
    response = admin_client.post(reverse("people-import"), post)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert 'href="#id_file"' in body
    assert not PeopleImport.objects.exists()


def test_files_over_20_mb_are_refused(register, admin_client, settings):
    big = b"x" * (20 * 1024 * 1024 + 1)
    response = admin_client.post(reverse("people-import"), {"file": upload("big.csv", big)})
    assert response.status_code == 200
    assert "The selected file must be smaller than 20 MB" in response.content.decode()
    assert not PeopleImport.objects.exists()


@pytest.mark.parametrize("role", ["investigator", "authority", "head", "auditor"])
def test_everyone_else_gets_404(register, client, personas, role):
    people_import = preview_import(filename="hr.csv", content=csv_text(*GOOD_ROWS), user=personas.admin)
    client.force_login(getattr(personas, role))

    assert client.get(reverse("people-import")).status_code == 404
    assert client.post(reverse("people-import"), {"file": upload("hr.csv", b"x")}).status_code == 404
    assert client.get(reverse("people-import-preview", args=[people_import.pk])).status_code == 404
    assert client.post(reverse("people-import-preview", args=[people_import.pk])).status_code == 404
    assert PeopleImport.objects.count() == 1
    assert not Person.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("people-import"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_import_is_404(admin_client):
    assert admin_client.get(reverse("people-import-preview", args=[999999])).status_code == 404


def test_posts_need_the_csrf_token(register, personas):
    people_import = preview_import(filename="hr.csv", content=csv_text(*GOOD_ROWS), user=personas.admin)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)

    response = client.post(reverse("people-import"), {"file": upload("hr.csv", csv_text(*GOOD_ROWS).encode())})
    assert response.status_code == 403
    response = client.post(reverse("people-import-preview", args=[people_import.pk]))
    assert response.status_code == 403
    assert PeopleImport.objects.count() == 1
    assert not Person.objects.exists()


def test_preview_page_queries_do_not_grow_with_the_rows(
    register, admin_client, personas, django_assert_max_num_queries
):
    rows = [f"wmp,{n},officer,First{n},Last,Police constable,,,,," for n in range(1, 201)]
    people_import = preview_import(filename="big.csv", content=csv_text(*rows), user=personas.admin)
    with django_assert_max_num_queries(8):
        assert admin_client.get(reverse("people-import-preview", args=[people_import.pk])).status_code == 200


# The command line -------------------------------------------------------------------------
@pytest.fixture
def write_file(tmp_path):
    def write(content, name="people.csv"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)

    return write


def test_the_command_applies_a_good_file_and_a_replay_changes_nothing(register, personas, write_file, capsys):
    path = write_file(csv_text(*GOOD_ROWS))

    call_command("import_people", path)
    out = capsys.readouterr().out
    assert "4 to create, 0 to update, 0 unchanged." in out
    assert "Applied: 4 created, 0 updated, 0 unchanged." in out
    assert Person.objects.count() == 4
    imported = PeopleImport.objects.get()
    assert (imported.status, imported.uploaded_by, imported.filename) == ("applied", personas.admin, "people.csv")

    before = snapshot()
    call_command("import_people", path, "--user", "adele")
    assert "Applied: 0 created, 0 updated, 4 unchanged." in capsys.readouterr().out
    assert snapshot() == before


def test_the_command_dry_run_changes_nothing(register, personas, write_file, capsys):
    call_command("import_people", write_file(csv_text(*GOOD_ROWS)), "--dry-run")
    out = capsys.readouterr().out
    assert "4 to create" in out and "Dry run: nothing was changed." in out
    assert not Person.objects.exists()
    assert not PeopleImport.objects.exists()


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_command_prints_every_bad_line_and_changes_nothing(register, personas, write_file, capsys, dry_run):
    args = [write_file(csv_text(*BAD_ROWS))] + (["--dry-run"] if dry_run else [])
    with pytest.raises(CommandError, match=f"{len(BAD_LINES)} line"):
        call_command("import_people", *args)
    err = capsys.readouterr().err
    for line, text in BAD_LINES.items():
        assert f"Line {line}: " in err
        assert text in err
    assert "Line 2:" not in err
    assert not Person.objects.exists()


def test_the_command_refuses_unreadable_files_and_unknown_users(register, personas, write_file):
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_people", write_file("number\nSí".encode("cp1252")))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_people", "/nonexistent/people.csv")
    with pytest.raises(CommandError, match="not an active administrator"):
        call_command("import_people", write_file(csv_text(*GOOD_ROWS)), "--user", "ivy")
    assert not Person.objects.exists()


def test_the_command_needs_someone_to_record_the_import_against(register, write_file):
    with pytest.raises(CommandError, match="no active administrator"):
        call_command("import_people", write_file(csv_text(*GOOD_ROWS)))
    assert not Person.objects.exists()


# Protected characteristics (issue 21, point 3) ------------------------------------------------
CHARACTERISTICS_HEADER = "force_code,number,person_type,first_name,last_name,sex,ethnicity,date_of_birth"


def test_a_bad_characteristic_is_reported_with_the_allowed_codes(register, personas):
    content = csv_text(
        "wmp,6730,officer,Priya,Shah,female,purple,1990-02-30",
        "wmp,6731,officer,Sam,Hughes,unknown,white_british,2990-01-01",
        header=CHARACTERISTICS_HEADER,
    )
    people_import = preview_import(filename="hr.csv", content=content, user=personas.admin)

    assert people_import.status == ImportStatus.INVALID
    messages = [(e["line"], e["message"]) for e in people_import.errors]
    assert (2, "“1990-02-30” is not a date in the form YYYY-MM-DD.") in messages
    ethnicity = next(m for line, m in messages if line == 2 and "ethnicity" in m)
    assert ethnicity.startswith("Unknown ethnicity code “purple”: use one of asian_bangladeshi, asian_chinese")
    assert "white_british" in ethnicity and "not_stated" in ethnicity
    assert (3, "Unknown sex “unknown”: use one of female, male, not_stated.") in messages
    assert (3, "The date of birth, 2990-01-01, is in the future.") in messages
    assert not ProtectedCharacteristics.objects.exists()


def test_characteristics_are_written_from_hr(register, personas):
    content = csv_text("wmp,6730,officer,Priya,Shah,Female,asian_indian,1990-02-03", header=CHARACTERISTICS_HEADER)
    import_and_apply(content, personas.admin)

    held = ProtectedCharacteristics.objects.get(person__number="6730")
    assert (held.sex, held.ethnicity, held.date_of_birth) == ("female", "asian_indian", date(1990, 2, 3))
    assert (held.source, held.recorded_by) == (CharacteristicsSource.HR_IMPORT, personas.admin)


def test_a_blank_characteristic_leaves_what_is_held(register, personas):
    import_and_apply(
        csv_text("wmp,6730,officer,Priya,Shah,female,asian_indian,1990-02-03", header=CHARACTERISTICS_HEADER),
        personas.admin,
    )
    changed = preview_import(
        filename="later.csv",
        content=csv_text("wmp,6730,officer,Priya,Shah,,,1990-02-04", header=CHARACTERISTICS_HEADER),
        user=personas.admin,
    )
    # The preview says that the characteristics change, never what to.
    assert changed.summary["changes"][0]["fields"] == ["protected characteristics"]
    assert "1990" not in str(changed.summary)
    apply_import(changed, user=personas.admin)

    held = ProtectedCharacteristics.objects.get(person__number="6730")
    assert (held.sex, held.ethnicity, held.date_of_birth) == ("female", "asian_indian", date(1990, 2, 4))
    blank = preview_import(
        filename="blank.csv",
        content=csv_text("wmp,6730,officer,Priya,Shah,,,", header=CHARACTERISTICS_HEADER),
        user=personas.admin,
    )
    assert blank.summary["unchanged"] == 1
