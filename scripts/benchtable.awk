# Turns `go test -bench` output into a table: one row per benchmark with
# ns/op and every custom metric it reported (b.ReportMetric).
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  row = sprintf("%-60s", name)
  for (i = 3; i < NF; i += 2) {
    v = $i; u = $(i + 1)
    if (u == "B/op" || u == "allocs/op") continue
    if (u == "ns/op") { v = sprintf("%.3f", v / 1e6); u = "ms/op" }
    row = row sprintf("  %s %s", v, u)
  }
  print row; n++
  next
}
/^\|/ { print; next } # tables a benchmark prints itself (BenchmarkScale)
/^(ok|FAIL|---)/ { print > "/dev/stderr" }
/^ +[A-Za-z0-9_]+_test\.go:[0-9]+:/ { print > "/dev/stderr" } # what a failing benchmark said
END { if (n == 0) print "no benchmarks ran" > "/dev/stderr" }
