"""bin/system-deps.sh, which `make run` and `make test` call first: on a bare machine it installs
Debian's Chromium and WeasyPrint's libraries as root, or stops at once with the exact command.

The script runs for real, in a PATH we build: `id`, `ldconfig`, `apt-get` and `chromium` are
small stand-ins, so nothing is installed or removed on this machine and apt-get's arguments are
recorded instead."""

import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "bin" / "system-deps.sh"
WEASYPRINT_PACKAGES = [
    "libglib2.0-0",
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz0b",
    "libharfbuzz-subset0",
    "libfontconfig1",
]
ALL_LIBRARIES = [
    "libgobject-2.0.so.0",
    "libpango-1.0.so.0",
    "libpangoft2-1.0.so.0",
    "libharfbuzz.so.0",
    "libharfbuzz-subset.so.0",
    "libfontconfig.so.1",
]


class Machine:
    """A PATH with only bash, grep and the stand-ins this machine is given."""

    def __init__(self, root):
        self.bin = root / "bin"
        self.bin.mkdir()
        self.apt_log = root / "apt-get.log"
        self.fonts = root / "fonts"
        self.fonts.mkdir()
        (self.fonts / "DejaVuSans.ttf").touch()
        for tool in ("bash", "grep"):
            (self.bin / tool).symlink_to(shutil.which(tool))
        self.stand_in("apt-get", f'echo "$*" >> {self.apt_log}')

    def stand_in(self, name, body):
        path = self.bin / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    def user(self, uid):
        self.stand_in("id", f"echo {uid}")

    def libraries(self, sonames):
        lines = "".join(f"\\t{name} (libc6,x86-64) => /lib/{name}\\n" for name in sonames)
        self.stand_in("ldconfig", f"printf '{lines}'")

    def run(self, *args):
        env = {"PATH": str(self.bin), "SYSTEM_FONTS_DIR": str(self.fonts), "HOME": os.environ.get("HOME", "/")}
        return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=20)

    def apt_calls(self):
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_nothing_is_installed_when_nothing_is_missing(machine):
    machine.user(0)
    machine.libraries(ALL_LIBRARIES)
    machine.stand_in("chromium", "true")
    result = machine.run("--with-chromium")
    assert result.returncode == 0 and result.stdout == ""
    assert machine.apt_calls() == []


def test_root_on_a_bare_machine_installs_chromium_and_weasyprints_libraries(machine):
    machine.user(0)
    machine.libraries([])
    machine.fonts.joinpath("DejaVuSans.ttf").unlink()
    result = machine.run("--with-chromium")
    assert result.returncode == 0, result.stderr
    assert machine.apt_calls() == [
        "update -qq",
        "install -y -qq " + " ".join([*WEASYPRINT_PACKAGES, "fonts-dejavu-core", "chromium"]),
    ]


def test_make_run_does_not_need_chromium(machine):
    machine.user(0)
    machine.libraries(ALL_LIBRARIES[:-1])
    result = machine.run()
    assert result.returncode == 0
    assert machine.apt_calls() == ["update -qq", "install -y -qq libfontconfig1"]


def test_a_dry_run_says_what_it_would_install(machine):
    machine.user(0)
    machine.libraries(ALL_LIBRARIES)
    result = machine.run("--with-chromium", "--dry-run")
    assert result.returncode == 0
    assert "would run: apt-get update && apt-get install -y chromium" in result.stdout
    assert machine.apt_calls() == []


def test_without_root_it_stops_at_once_with_the_exact_command(machine):
    machine.user(1000)
    machine.libraries(ALL_LIBRARIES[1:])
    result = machine.run("--with-chromium")
    assert result.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y libglib2.0-0 chromium" in result.stderr
    assert machine.apt_calls() == []
