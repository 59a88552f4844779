# Byline: `make demo` (install, index seeds/, open the chat) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
INDEX  ?= index
PORT   ?= 7860

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

# llama.cpp is built for this CPU's vector units, but never with its AMX kernels: a virtual machine may list AMX
# without letting a process use it, and llama.cpp's AMX path then crashes on the first batched prompt (seen here).
AVX512 := $(shell grep -q avx512f /proc/cpuinfo 2>/dev/null && echo ON || echo OFF)
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=$(AVX512) -DGGML_AVX512_VNNI=$(AVX512) -DGGML_AVX512_VBMI=$(AVX512) -DGGML_AVX512_BF16=$(AVX512) \
	-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/pip install --no-cache-dir -e '.[test,eval]'
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
	$(BIN)/deptry .
	$(BIN)/python .ci/sizes.py

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/ask.py

clean:
	rm -rf $(VENV) .pytest_cache
