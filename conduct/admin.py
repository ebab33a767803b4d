"""Django looks for `conduct.cases.admin`: each feature registers its own admin pages."""

from conduct.cases import admin as cases_admin  # noqa: F401
from conduct.complaints import admin as complaints_admin  # noqa: F401
from conduct.oversight import admin as oversight_admin  # noqa: F401
from conduct.pauses import admin as pauses_admin  # noqa: F401
from conduct.records import admin as records_admin  # noqa: F401
from conduct.referrals import admin as referrals_admin  # noqa: F401
