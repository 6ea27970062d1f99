# Regenerates r_reference.csv, the R reference values that
# results/rreference_test.go checks Quantile7 and Wilson against:
#
#   Rscript results/testdata/r_reference.R > results/testdata/r_reference.csv
#
# Quantile rows: "q", the sorted sample joined by ";", then R's
# quantile(x, c(.1, .5, .9)) (type 7, the default). Wilson rows: "w", x,
# n, then the interval of prop.test(x, n, correct = FALSE). Numbers are
# printed with 17 significant digits, enough to read back R's doubles.
set.seed(20261130)
f <- function(v) sprintf("%.17g", v)
cat("kind,a,b,c,d,e\n")
for (i in 1:300) {
  n <- sample(1:25, 1)
  x <- switch(i %% 4 + 1,
    sample(0:13, n, replace = TRUE),              # bloc sizes: ties
    round(rnorm(n, 0, 1000), 3),                  # signed, spread
    round(runif(n), 4),                           # in [0, 1]
    c(rep(0, n %/% 2), rep(10, n - n %/% 2)))     # bimodal
  x <- sort(x)
  q <- unname(quantile(x, c(0.1, 0.5, 0.9)))
  cat("q,", paste(f(x), collapse = ";"), ",", f(q[1]), ",", f(q[2]), ",", f(q[3]), ",\n", sep = "")
}
for (n in c(1:30, 50, 100, 263)) for (x in 0:n) {
  if (n > 30 && !(x %in% c(0, 1, n %/% 3, n - 1, n))) next
  ci <- suppressWarnings(prop.test(x, n, correct = FALSE)$conf.int)
  cat("w,", x, ",", n, ",", f(ci[1]), ",", f(ci[2]), ",\n", sep = "")
}
