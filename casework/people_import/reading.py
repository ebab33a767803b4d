"""Reading an HR import file: its columns, decoding the upload, the records of the CSV and
the header's problems (the package docstring describes the format)."""

import csv
import io

from casework.errors import Refused

REQUIRED_COLUMNS = ("force_code", "number", "person_type", "first_name", "last_name")
OPTIONAL_COLUMNS = (
    "rank",
    "unit",
    "line_manager_number",
    "probationer",
    "vetting_status",
    "email",
    "left_service_on",
    "left_by",
    "sex",
    "ethnicity",
    "date_of_birth",
)
# Protected characteristics (special category data, casework/characteristics.py): a blank cell
# leaves what the register holds, unlike the other optional columns.
CHARACTERISTIC_COLUMNS = ("sex", "ethnicity", "date_of_birth")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# What each column holds, for the upload page (the package docstring says the same).
COLUMN_GUIDE = (
    ("force_code", "The code of a force already in the system."),
    ("number", "Warrant, collar or staff number, up to 30 characters."),
    ("person_type", "officer, special, staff or volunteer."),
    ("first_name", "Up to 80 characters."),
    ("last_name", "Up to 80 characters."),
    ("rank", "A rank or grade already in the system, such as Sergeant. Blank for none."),
    ("unit", "A unit of that force already in the system. Blank for none."),
    ("line_manager_number", "Number of another person of the same force, on the register or in the file."),
    ("probationer", "yes or no (also true/false, 1/0). Blank means no."),
    (
        "vetting_status",
        "For new people only: cleared, pending or not_known (blank means not_known). Ignored for people "
        "already on the register: a vetting review alone changes it.",
    ),
    ("email", "An email address. Blank for none."),
    ("left_service_on", "The day an officer or special left the service (YYYY-MM-DD). Blank while serving."),
    (
        "left_by",
        "How they left: resigned, retired, dismissed or other. Blank for not recorded. (The Advisory List "
        "report on a former officer turns on whether they resigned or retired.)",
    ),
    ("sex", "female, male or not_stated (Equality Act 2010 s.11). Blank keeps what is held."),
    (
        "ethnicity",
        "An ONS 2021 ethnic group code, such as white_british, asian_indian, black_african, mixed_other or "
        "not_stated (the full list is in the error message for a code that is not one). Blank keeps what is held.",
    ),
    ("date_of_birth", "YYYY-MM-DD. Blank keeps what is held."),
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportRejected(Refused):
    """The file cannot be (or can no longer be) imported; nothing was changed. `errors` lists
    every bad row when the file itself is at fault."""

    def __init__(self, message, errors=()):
        super().__init__(message)
        self.errors = list(errors)


# Reading the file ---------------------------------------------------------------------------
def decode_upload(data: bytes) -> str:
    """The text of an uploaded file, or ImportRejected with a message a person can act on."""
    if not data.strip():
        raise ImportRejected("The selected file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected("The selected file is UTF-16 text. Save it as “CSV UTF-8” and upload it again.")
    if b"\x00" in data:
        raise ImportRejected("The selected file is not a CSV file: it contains binary data.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            f"The selected file is not UTF-8 text (byte {error.start + 1} is not valid UTF-8). "
            "Save it from your spreadsheet as “CSV UTF-8” and upload it again."
        ) from error


def read_records(content: str):
    """The non-blank records as (line where the record starts, cells), and the error that
    stopped the reading, if any: what follows a malformed record cannot be read reliably."""
    reader = csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), strict=True)
    records = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records, None
        except csv.Error as error:
            return records, {
                "line": line,
                "message": f"This line cannot be read as CSV ({error}); nor can the rest of the file.",
            }
        if any(cell.strip() for cell in cells):
            records.append((line, [cell.strip() for cell in cells]))


def header_errors(header: list[str]) -> list[str]:
    problems = []
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(f"Column {position} of the header has no name.")
        elif name not in COLUMNS:
            problems.append(f"Unknown column “{name}”. The columns are: {', '.join(COLUMNS)}.")
    for name in sorted({n for n in header if n and header.count(n) > 1}):
        problems.append(f"Column “{name}” appears more than once in the header.")
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(f"The header has no “{name}” column, which is required.")
    return problems
