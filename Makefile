# Die zwei Befehle der README: `make pdf` baut die Beispiele unter data/, `make test` prüft alles.
# Beide richten zuerst die Umgebung ein (Systempakete, .venv), falls das noch fehlt.

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.eingerichtet
PYTHON  ?= python3

.PHONY: pdf test einrichten

pdf: $(STAMP)
	$(BIN)/amip build data/*

test: $(STAMP)
	$(BIN)/pytest

einrichten: $(STAMP)

$(STAMP): pyproject.toml scripts/systempakete.sh
	bash scripts/systempakete.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)
