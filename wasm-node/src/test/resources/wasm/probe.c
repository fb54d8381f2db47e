/*
 * probe.c: Hearth's WASI test module. One small program whose first argument picks what it does,
 * so each WasiRunner test exercises one WASI capability against real wasi-libc code paths.
 * argv is the container's args only (DESIGN §8), so argv[0] is the command, not a program name.
 *
 * Rebuild probe.wasm with ./build.sh (clang --target=wasm32-wasi, Debian's wasi-libc).
 *
 *   (no args)          print a greeting on stdout and one on stderr, exit 0
 *   args A B ...       print argc and every argv entry
 *   env                print the whole environment, one NAME=value per line
 *   exit N             print a line, then exit with status N
 *   interleave         alternate stdout and stderr lines, flushing each
 *   cat PATH ...       print each file, or "PATH: <error>"
 *   ls DIR             print DIR's entries, or "DIR: <error>"
 *   write PATH TEXT    create PATH holding TEXT
 *   symlink TARGET LINK  create the symbolic link LINK pointing at TARGET
 *   spin               print "spinning", then loop forever (until the node stops it)
 *   time               print the WASI clock's time in seconds since the epoch
 *   trap               execute `unreachable`
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int hello(void) {
  printf("Hello, world!\n");
  fprintf(stderr, "Hello, stderr!\n");
  return 0;
}

static int show_args(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  return 0;
}

static int show_env(void) {
  for (char **e = environ; *e; e++) printf("%s\n", *e);
  return 0;
}

static int exit_with(const char *status) {
  printf("exiting with %s\n", status);
  fflush(stdout);
  exit(atoi(status));
}

static int interleave(void) {
  for (int i = 0; i < 3; i++) {
    printf("out %d\n", i);
    fflush(stdout);
    fprintf(stderr, "err %d\n", i);
  }
  return 0;
}

static int cat(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      printf("%s: %s\n", argv[i], strerror(errno));
      continue;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
    fclose(f);
  }
  return 0;
}

static int ls(const char *path) {
  DIR *dir = opendir(path);
  if (!dir) {
    printf("%s: %s\n", path, strerror(errno));
    return 0;
  }
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) printf("%s\n", entry->d_name);
  }
  closedir(dir);
  return 0;
}

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
    printf("%s: %s\n", path, strerror(errno));
    return 0;
  }
  printf("wrote %s\n", path);
  return 0;
}

static int make_symlink(const char *target, const char *link) {
  if (symlink(target, link) != 0) {
    printf("%s: %s\n", link, strerror(errno));
    return 0;
  }
  printf("linked %s\n", link);
  return 0;
}

static int spin(void) {
  printf("spinning\n");
  fflush(stdout);
  for (volatile unsigned long n = 0;; n++) {
  }
}

int main(int argc, char **argv) {
  if (argc == 0) return hello();
  const char *cmd = argv[0];
  if (!strcmp(cmd, "args")) return show_args(argc, argv);
  if (!strcmp(cmd, "env")) return show_env();
  if (!strcmp(cmd, "exit") && argc == 2) return exit_with(argv[1]);
  if (!strcmp(cmd, "interleave")) return interleave();
  if (!strcmp(cmd, "cat")) return cat(argc, argv);
  if (!strcmp(cmd, "ls") && argc == 2) return ls(argv[1]);
  if (!strcmp(cmd, "write") && argc == 3) return write_file(argv[1], argv[2]);
  if (!strcmp(cmd, "symlink") && argc == 3) return make_symlink(argv[1], argv[2]);
  if (!strcmp(cmd, "spin")) return spin();
  if (!strcmp(cmd, "time")) return printf("%lld\n", (long long)time(NULL)) < 0;
  if (!strcmp(cmd, "trap")) __builtin_trap();
  fprintf(stderr, "probe: unknown command %s\n", cmd);
  return 2;
}
