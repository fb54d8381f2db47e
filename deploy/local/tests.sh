# shellcheck shell=bash
# The test run's verdict, read from the JUnit XML reports that this run wrote.
# Sourced by ./hearth; defines functions only.

# Reports of this run only: a report left by an earlier run (a renamed or deleted test class, a module
# this run did not reach) must neither pass nor fail it. $1 is a file created when the run began.
run_reports() { # since-file
  find "$ROOT" -path "$ROOT/.git" -prune -o -type f -name 'TEST-*.xml' -newer "$1" \
    \( -path '*/surefire-reports/*' -o -path '*/failsafe-reports/*' \) -print
}

# Prints "tests: N passed, N failed, N skipped" (the line CI reads) and, above it, every failing
# test as "Class.method (module)". Returns 1 when a test failed or errored.
summarize_tests() { # since-file
  local reports; reports=$(run_reports "$1")
  if [ -z "$reports" ]; then say "tests: no test report was written by this run"; return 1; fi
  # shellcheck disable=SC2086  # one report path per line, none with spaces (module/target/…)
  awk '
    function attr(line, name,   m) { return match(line, name "=\"[^\"]*\"") ? substr(line, RSTART + length(name) + 2, RLENGTH - length(name) - 3) : "" }
    FNR == 1 { module = FILENAME; sub(/\/target\/.*/, "", module); sub(/.*\//, "", module) }
    /<testsuite[ >]/ { tests += attr($0, "tests"); failed += attr($0, "failures") + attr($0, "errors"); skipped += attr($0, "skipped") }
    /<testcase[ >]/ { name = attr($0, "classname") "." attr($0, "name") }
    /<(failure|error)[ >\/]/ { failing[name " (" module ")"] = 1 }
    END {
      n = 0; for (f in failing) n++
      if (n > 0) { print "hearth: failing tests:"; for (f in failing) print "  " f | "sort"; close("sort") }
      printf "tests: %d passed, %d failed, %d skipped\n", tests - failed - skipped, failed, skipped
      exit failed > 0 ? 1 : 0
    }' $reports
}
