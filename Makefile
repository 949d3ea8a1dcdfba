# The Eye's front door. `make test` runs every test, `make lint` lints template.yaml, `make build` builds the jars.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# JDK 25 is found, never hard-coded: tools/java-home explains what to install when there is none.
JAVA_HOME := $(shell tools/java-home)
ifeq ($(JAVA_HOME),)
$(error no JDK 25 found: see the message above)
endif
export JAVA_HOME

MVN := ./mvnw -B -ntp

.PHONY: help lint test test-browser test-segment check-permissions build client-java format clean emulators run test-localstack applications replay reconcile export tail inspect bench bench-seed cost deploy smoke \
  build-IngestFunction build-ProcessorFunction build-QueryFunction build-DeletionFunction

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

NODE_PACKAGE := tools/emulators

emulators: $(NODE_PACKAGE)/node_modules/.package-lock.json ## Install the DynamoDB emulator (dynalite) from tools/emulators' lockfile

$(NODE_PACKAGE)/node_modules/.package-lock.json: $(NODE_PACKAGE)/package.json $(NODE_PACKAGE)/package-lock.json
	@command -v node >/dev/null || { echo "Node.js 20+ is needed for the DynamoDB emulator (dynalite)"; exit 1; }
	npm ci --prefix $(NODE_PACKAGE) --no-audit --no-fund

# cfn-lint is what `sam validate --lint` runs: CloudFormation's resource specs plus the SAM transform. It is a Python
# package, and PyPI is not among the registries CI reaches, so the machine image has to bring it.
lint: ## Lint template.yaml with cfn-lint (SAM transform included); any finding fails
	@command -v cfn-lint >/dev/null || { echo "make lint: cfn-lint is not installed; install it with: pip install cfn-lint" >&2; exit 1; }
	cfn-lint template.yaml

# Every suite runs even when an earlier one failed (Maven's --fail-at-end skips only the modules that depend on a
# failed one), so one failure never hides the others' results; the status is 1 when any failed, and the last lines
# say which.
test: emulators ## Run every test against the local emulators (ElasticMQ, dynalite), the permission check, then the browser tests
	rm -rf $(AWS_CALLS)
	@failed=""; \
	$(MVN) --fail-at-end verify -Deye.awsCalls=$(AWS_CALLS) || failed="$$failed ./mvnw-verify"; \
	$(PERMISSION_CHECK) || failed="$$failed check-permissions"; \
	$(MAKE) --no-print-directory test-browser || failed="$$failed test-browser"; \
	$(MAKE) --no-print-directory test-segment || failed="$$failed test-segment"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed" >&2; exit 1; fi; \
	echo "make test: every suite passed (./mvnw verify, check-permissions, test-browser, test-segment)"

# Every AWS call the tests make is recorded (com.theeye.calls.AwsCallRecorder, on when EYE_AWS_CALLS names a folder),
# with the code that made it; the check holds each function's calls against what template.yaml, as the SAM transform
# deploys it, grants that function's role (docs/OPERATIONS.md, "Permissions: how they are checked"). `make test`
# records during its own run; this target runs only the tests that drive the functions' code: the four functions'
# own (priming, invalid, duplicate, secret and deletion paths included) and the replay through the processor.
AWS_CALLS := $(CURDIR)/target/aws-calls
PERMISSION_TESTS := com/theeye/ingest/**/*,com/theeye/processor/**/*,com/theeye/query/**/*,com/theeye/deletion/**/*,com/theeye/local/ReplayTest
PERMISSION_CHECK = "$(JAVA_HOME)/bin/java" -cp tools/template-checks/target/classes:$$(cat tools/template-checks/target/runtime-classpath.txt) \
  com.theeye.permissions.PermissionCheck $(CURDIR) $(AWS_CALLS)

check-permissions: emulators ## Check each function's recorded AWS calls against the IAM grants of the translated template.yaml
	rm -rf $(AWS_CALLS)
	$(MVN) test -pl $(FUNCTION_MODULE_LIST),tools/template-checks,tools/local-runner -am \
	  -Deye.awsCalls=$(AWS_CALLS) -Dtest='$(PERMISSION_TESTS)' -Dsurefire.failIfNoSpecifiedTests=false
	$(PERMISSION_CHECK)

# The runner jar is rebuilt only when a source it is made of changed, so a warm `make run` starts in seconds.
RUNNER_JAR := tools/local-runner/target/local-runner.jar
RUNNER_SOURCES := pom.xml $(shell find event-model function-support ingest-function processor-function query-function \
  tools/emulators tools/local-runner schemas \( -path '*/target' -o -path '*/src/test' \) -prune -o -type f -print 2>/dev/null)

$(RUNNER_JAR): $(RUNNER_SOURCES)
	$(MVN) -q -DskipTests -pl tools/local-runner -am package

# exec: the runner is make's child, so make hands it a SIGTERM it gets. The runner ends with 0 after a clean stop;
# make itself, when it got the signal too (Ctrl-C reaches both), re-raises it once its child is done and so ends with
# 130 (143 for SIGTERM) whatever the runner's status: docs/LOCAL.md, "Stopping it", says how to stop it for a status 0.
run: emulators $(RUNNER_JAR) ## Run The Eye locally: API on http://127.0.0.1:8000 (EYE_PORT), data in .local-data/
	exec "$(JAVA_HOME)/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
	  -jar $(RUNNER_JAR)

BROWSER_TESTS := clients/browser/test

$(BROWSER_TESTS)/node_modules/.package-lock.json: $(BROWSER_TESTS)/package.json $(BROWSER_TESTS)/package-lock.json
	npm ci --prefix $(BROWSER_TESTS) --no-audit --no-fund

# Debian's Chromium, never a downloaded browser: installed here when missing and we are root (as in CI).
test-browser: emulators $(RUNNER_JAR) $(BROWSER_TESTS)/node_modules/.package-lock.json ## Run the browser SDK's tests in headless Chromium against the local runner
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	  else echo "The browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; fi; }
	cd $(BROWSER_TESTS) && CHROMIUM="$$(command -v chromium)" node --test --test-concurrency=1 the-eye.test.js module.test.js inspect.test.js

SEGMENT_TESTS := tools/segment-compat

$(SEGMENT_TESTS)/node_modules/.package-lock.json: $(SEGMENT_TESTS)/package.json $(SEGMENT_TESTS)/package-lock.json
	npm ci --prefix $(SEGMENT_TESTS) --no-audit --no-fund

# Segment's and RudderStack's own libraries from npm (lockfile-pinned, unmodified) against the local runner;
# analytics-next in Debian's Chromium. analytics-java is tested by the local runner's AnalyticsJavaTest.
test-segment: emulators $(RUNNER_JAR) $(SEGMENT_TESTS)/node_modules/.package-lock.json ## Run Segment's and RudderStack's libraries (Node, and analytics.js in Chromium) against the local runner
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	  else echo "The Segment library tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; fi; }
	cd $(SEGMENT_TESTS) && CHROMIUM="$$(command -v chromium)" node --test --test-concurrency=1 segment-libraries.test.js

# The build checks formatting (spotless:check, google-java-format) and fails on an unformatted file; this fixes them.
format: ## Format every Java source with google-java-format (the build only checks)
	$(MVN) -q spotless:apply

build: ## Build the functions' deployable jars (ingest-, processor-, query- and deletion-function/target)
	$(MVN) -DskipTests package

# The client alone: its tests (and so the local runner they start) are not compiled; clients/java/README.md.
client-java: ## Build the Java client's jar alone: clients/java/target/the-eye-client.jar
	$(MVN) -q -Dmaven.test.skip=true -pl clients/java package
	@echo "clients/java/target/the-eye-client.jar"

# ---------------------------------------------------------------- AWS: sam build, sam deploy, smoke test
# `sam build` runs build-<LogicalId> for each function (template.yaml: Metadata BuildMethod makefile) in this
# directory (samconfig.toml: build_in_source) with ARTIFACTS_DIR set. The first target's Maven run builds all four
# jars; the others find them up to date. The jar goes to lib/, which Lambda's Java runtime puts on the class path.
FUNCTIONS := ingest processor query deletion
FUNCTION_JARS := $(foreach f,$(FUNCTIONS),$(f)-function/target/$(f)-function.jar)
# The function modules as Maven's -pl takes them: ingest-function,processor-function,...
EMPTY :=
SPACE := $(EMPTY) $(EMPTY)
COMMA := ,
FUNCTION_MODULE_LIST := $(subst $(SPACE),$(COMMA),$(foreach f,$(FUNCTIONS),$(f)-function))
FUNCTION_SOURCES := pom.xml $(shell find event-model function-support $(foreach f,$(FUNCTIONS),$(f)-function) schemas \
  \( -path '*/target' -o -path '*/src/test' \) -prune -o -type f -print 2>/dev/null)

$(FUNCTION_JARS) &: $(FUNCTION_SOURCES)
	$(MVN) -q -DskipTests -pl $(FUNCTION_MODULE_LIST) -am package

build-IngestFunction: FUNCTION := ingest
build-ProcessorFunction: FUNCTION := processor
build-QueryFunction: FUNCTION := query
build-DeletionFunction: FUNCTION := deletion
build-IngestFunction build-ProcessorFunction build-QueryFunction build-DeletionFunction: $(FUNCTION_JARS)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it (make deploy runs it)"; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(FUNCTION)-function/target/$(FUNCTION)-function.jar "$(ARTIFACTS_DIR)/lib/"

# sam deploy deploys .aws-sam/build/template.yaml whenever that file exists, even when template.yaml is newer, so
# deploy always builds first: what is deployed is the template and code of this checkout.
deploy: ## sam build, then sam deploy (first time: make deploy ARGS=--guided); see docs/OPERATIONS.md
	@command -v sam >/dev/null || { echo "the AWS SAM CLI is needed: see docs/OPERATIONS.md"; exit 1; }
	sam validate --lint
	sam build
	sam deploy $(ARGS)

test-localstack: emulators ## Run every test against LocalStack in Docker (skipped with the reason where no Docker engine answers)
	EYE_EMULATORS=localstack $(MVN) verify

BENCH_JAVA = "$(JAVA_HOME)/bin/java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED \
  -Deye.root=$(CURDIR) -cp tools/benchmarks/target/classes:$$(cat tools/benchmarks/target/runtime-classpath.txt)

bench: emulators ## Measure: JMH, cold starts, local load, cost per million events (about 6 min; docs/PERFORMANCE.md)
	$(MVN) -q -DskipTests -pl tools/benchmarks -am package
	$(BENCH_JAVA) org.openjdk.jmh.Main -f 1 -wi 3 -w 2s -i 5 -r 2s 'com.theeye.(ingest|processor).*Benchmark'
	$(BENCH_JAVA) com.theeye.bench.ColdStartProbe 7
	$(BENCH_JAVA) com.theeye.bench.LoadGenerator 10
	$(BENCH_JAVA) com.theeye.bench.CostTable

# Only the table reaches standard output (the build's and the emulators' lines go to standard error), so
# `make -s cost ARGS=--json | jq` works; ARGS also takes --set Parameter=value (docs/PERFORMANCE.md, section 5).
cost: emulators ## Print what a million events cost, counted on the emulators (about 2 min): make cost ARGS=--json
	@$(MVN) -q -DskipTests -pl tools/benchmarks -am package >&2
	@$(BENCH_JAVA) com.theeye.bench.CostTable $(ARGS)

# The seed app (Django + PostgreSQL, reconstructed from its README in tools/benchmarks/seed-app) under the same wrk
# load as a running `make run`, in alternation; needs Debian's wrk, PostgreSQL, gunicorn and python3-django.
bench-seed: ## Compare a running `make run` with the seed app under wrk: make bench-seed ARGS="--rounds 3" (docs/PERFORMANCE.md)
	tools/benchmarks/seed-compare $(ARGS)

OPERATOR_JAR := tools/operator-cli/target/operator-cli.jar

$(OPERATOR_JAR): pom.xml $(shell find tools/operator-cli event-model function-support \( -path '*/target' -o -path '*/src/test' \) -prune -o -type f -print)
	$(MVN) -q -pl tools/operator-cli -am -DskipTests package

applications: $(OPERATOR_JAR) ## Manage trusted applications of make run, or of a stack: make applications ARGS="[--stack NAME] add --name shop"
	@"$(JAVA_HOME)/bin/java" -jar $(OPERATOR_JAR) $(ARGS)

replay: $(OPERATOR_JAR) ## Replay invalid events: make replay ARGS="--from ISO --to ISO [--application UUID] [--category C --name N] [--dry-run] [--stack NAME]"
	@"$(JAVA_HOME)/bin/java" -cp $(OPERATOR_JAR) com.theeye.operator.ReplayCli $(ARGS)

reconcile: $(OPERATOR_JAR) ## Accepted events without an outcome, per minute (exit 1 if a settled one): make reconcile ARGS="--from ISO --to ISO [--application UUID] [--stack NAME]"
	@"$(JAVA_HOME)/bin/java" -cp $(OPERATOR_JAR) com.theeye.operator.ReconcileCli $(ARGS)

export: $(OPERATOR_JAR) ## Export the Events table to S3: make export ARGS="--stack NAME --to s3://bucket/prefix [--from ISO]" (docs/OPERATIONS.md)
	@"$(JAVA_HOME)/bin/java" -cp $(OPERATOR_JAR) com.theeye.operator.ExportCli $(ARGS)

# Arrivals and their outcomes as they happen (GET /api/v1/recent/). No URL: the running `make run`. Ctrl-C ends the
# tool with 0; make itself then reports the signal it got too (docs/LOCAL.md, "Stopping it").
tail: $(OPERATOR_JAR) ## Watch events arrive: make tail [URL=<ApiUrl>] ARGS="[--json] [--outcome invalid] [--session ID] [--stack NAME] ..."
	@"$(JAVA_HOME)/bin/java" -cp $(OPERATOR_JAR) com.theeye.operator.TailCli $(if $(URL),--url "$(URL)") $(ARGS)

# The inspector of make run (/inspect) for a deployment: its files served on 127.0.0.1 (EYE_INSPECT_PORT, 8001), its
# reads forwarded to URL signed with SigV4 as make smoke signs; nothing else is forwarded.
inspect: $(OPERATOR_JAR) ## The /inspect page for a deployment: make inspect URL=<ApiUrl> (or ARGS="--stack NAME"); open http://127.0.0.1:8001/inspect
	@"$(JAVA_HOME)/bin/java" -cp $(OPERATOR_JAR) com.theeye.operator.InspectCli $(if $(URL),"$(URL)") $(ARGS)

# No URL: the running `make run`, wherever it listens (its EYE_DATA_DIR/endpoints.json says); no APPLICATION: the
# application make run registers.
smoke: $(OPERATOR_JAR) ## After a deploy: make smoke URL=<ApiUrl output> APPLICATION=<id>; no URL: the running make run
	@"$(JAVA_HOME)/bin/java" -cp $(OPERATOR_JAR) com.theeye.operator.smoke.SmokeCheck "$(URL)" "$(APPLICATION)"

clean: ## Remove build output, and sam build's (.aws-sam/)
	$(MVN) -q clean
	rm -rf .aws-sam
