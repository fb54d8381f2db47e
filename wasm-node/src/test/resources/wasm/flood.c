/*
 * flood.c: writes N megabytes of log lines (1000 bytes each, stdout) and then "flood done", so a test
 * can check that a module writing without end leaves bounded log files on the WASI node.
 *
 *   args: [N]    write N * 1,000,000 bytes of lines, then "flood done"
 *
 * argv is the container's args only (DESIGN §8), so N is argv[0].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  long megabytes = argc > 0 ? atol(argv[0]) : 1;
  long lines = megabytes * 1000;
  char line[1001];
  memset(line, 'x', sizeof line - 1);
  line[sizeof line - 1] = '\0';
  for (long i = 0; i < lines; i++) {
    int n = snprintf(line, 32, "line %ld ", i);
    line[n] = 'x';
    line[998] = '\0';
    puts(line);
  }
  puts("flood done");
  return 0;
}
