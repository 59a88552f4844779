# Byline: `make demo` (install, index seeds/, open the chat) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
INDEX  ?= index
PORT   ?= 7860

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install -e '.[test]'
	$(BIN)/byline llm-path
	touch $@

demo: install
	$(BIN)/byline ingest seeds --index $(INDEX)
	$(BIN)/byline serve --index $(INDEX) --port $(PORT)

# pytest exits 5 when it collects no tests; that is not a failure of the code.
test: install
	$(BIN)/python -m pytest -ra; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 5 ]

lint: install
	$(BIN)/ruff check rag ui tests bench
	$(BIN)/mypy rag ui

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/ask.py

clean:
	rm -rf $(VENV) .pytest_cache
