# The README's verbs. Every target sets up what it needs first (idempotent, fast when done).
SHELL := /bin/bash
ENV := source scripts/env.sh &&
PY := .venv/bin/python
BOTPY := .venv-bot/bin/python

.PHONY: help setup run run-prod test train gate promote rollback training-export evaluate predict bench admin retention clean

help: ## show the verbs
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

setup: ## install system packages and both locked Python runtimes (only what is missing)
	@scripts/setup.sh

train: setup ## train the Rasa model when its training data changed (models/)
	@$(ENV) scripts/train.sh

run: train ## set up, train when needed, start Rasa + actions + inbox + chat page, print the URLs
	@$(ENV) scripts/run.sh

run-prod: train ## production shape: nginx on 127.0.0.1:8080, two Rasa, two inbox workers, PostgreSQL, Redis
	@export VOORDEUR_MODE=prod && $(ENV) scripts/run.sh

test: train ## set up and run every test (routing, inbox on SQLite and PostgreSQL, actions, Rasa, end-to-end, browser)
	@$(ENV) scripts/test.sh

gate: train ## may the candidate (KANDIDAAT=, default what make train made) replace the live model? reports/gate.md
	@$(ENV) $(BOTPY) scripts/gate.py --kandidaat "$(or $(KANDIDAAT),$(shell scripts/model_path.sh))" \
	  $(if $(LIVE),--live "$(LIVE)")

promote: setup ## make the candidate that passed make gate live (models/current.tar.gz; a running Rasa loads it, PUT /model)
	@$(ENV) $(PY) -m release promote $(if $(KANDIDAAT),--kandidaat "$(KANDIDAAT)")

rollback: setup ## make the previous model live again (models/previous.tar.gz), without a restart
	@$(ENV) $(PY) -m release rollback

training-export: setup ## approved examples from the inbox's training queue -> bot/data/nlu/uit_inbox/<datum>.yml
	@$(ENV) $(PY) scripts/training_export.py

evaluate: train ## NLU report on the held-out set next to two baselines (reports/evaluation.md)
	@$(ENV) $(BOTPY) scripts/evaluate.py

predict: train ## make predict IN=in.jsonl OUT=out.jsonl [MODEL=models/voordeur-<hash>.tar.gz] (default: the live model)
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "Gebruik: make predict IN=in.jsonl OUT=out.jsonl [MODEL=...]"; exit 2; }
	@$(ENV) $(BOTPY) scripts/predict.py "$(IN)" "$(OUT)" $(if $(MODEL),--model "$(MODEL)")

bench: train ## benchmarks; results written to benchmarks/results/
	@$(ENV) $(PY) -m benchmarks

admin: setup ## create an inbox account: make admin USER=naam [ROLE=beheerder]
	@$(ENV) $(PY) -m inbox.cli create-user "$(or $(USER_NAME),$(USER))" --role "$(or $(ROLE),beheerder)"

retention: setup ## apply the retention periods now (also meant for a nightly cron/systemd timer)
	@$(ENV) $(PY) -m inbox.cli retention

clean: ## remove runtime files (var/) and trained models (models/)
	rm -rf var models
