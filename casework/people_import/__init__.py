"""HR import of people from a CSV file: validate the whole file, preview, then apply on confirmation.

The file is UTF-8 text (a byte-order mark is allowed) with a header row; column order is free
and header names are matched ignoring case and surrounding spaces.

=====================  ========  ============================================================
column                 required  value
=====================  ========  ============================================================
force_code             yes       the code of a force already in the system
number                 yes       warrant, collar or staff number (up to 30 characters)
person_type            yes       officer, special, staff or volunteer
first_name             yes       up to 80 characters
last_name              yes       up to 80 characters
rank                   no        a rank or grade name already in the system; blank = none
unit                   no        a unit of that force already in the system; blank = none
line_manager_number    no        number of another person of the same force, on the register
                                 or in the same file; blank = none
probationer            no        yes/no, true/false, 1/0; blank = no
vetting_status         no        for a new person: cleared, pending or not_known; blank =
                                 not_known (under_review and withdrawn are refused: only a
                                 vetting review sets them). For someone already on the
                                 register it is ignored: the vetting route
                                 (conduct/vetting) alone changes it (docs/vetting.md)
email                  no        an email address; blank = none
left_service_on        no        the day an officer or special left the service, YYYY-MM-DD;
                                 blank = serving (a former officer is dealt with under the
                                 Conduct Regulations as they apply to former officers)
left_by                no        how they left: resigned, retired, dismissed or other; blank =
                                 not recorded (an allegation about a former officer who
                                 resigned or retired makes an Advisory List report due,
                                 Police Act 1996 s.88I(1)(b): conduct/lists)
sex                    no        female, male or not_stated; blank = keep what is held
ethnicity              no        an ONS Census 2021 ethnic group code of
                                 casework/characteristics.py (white_british, asian_indian,
                                 black_caribbean, mixed_other, other_arab, not_stated...);
                                 blank = keep what is held
date_of_birth          no        YYYY-MM-DD, not in the future; blank = keep what is held
=====================  ========  ============================================================

A person is identified by force and number: a row for a force and number already on the
register updates that person, any other row creates one. An optional column left out of the
header leaves that attribute of existing people as it is (new people get the default); a
column that is present but blank sets the default (no rank, no unit, and so on).

sex, ethnicity and date_of_birth are protected characteristics (special category data, DPA 2018
s.35(8); casework/characteristics.py): a value writes the person's ProtectedCharacteristics
with the source "HR import" (replacing a value recorded by hand); a blank cell leaves what is
held, since an HR extract without a value is not a statement that there is none. The preview
names a change to them as "protected characteristics", never the values.

Every row is checked before anything is written and every problem is reported with the line
number of the file (the header is line 1). A file with any problem changes nothing. Applying
re-checks the stored file against the register as it is then, in one transaction, so a file
is applied whole or not at all; replaying a file already applied changes nothing.

The package: `reading` (the file and its header), `checking` (rows against the register, and
the plan), `services` (preview and apply).
"""

from .checking import Plan, check_content
from .reading import (
    COLUMN_GUIDE,
    COLUMNS,
    MAX_UPLOAD_BYTES,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ImportRejected,
    decode_upload,
)
from .services import apply_import, identical_applied_import, preview_import

__all__ = [
    "COLUMNS",
    "COLUMN_GUIDE",
    "MAX_UPLOAD_BYTES",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportRejected",
    "Plan",
    "apply_import",
    "check_content",
    "decode_upload",
    "identical_applied_import",
    "preview_import",
]
