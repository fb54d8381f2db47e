/*
 * hostile.c: the attacker's module of the WASI node's security tests. It tries what a participant's
 * module would to leave its sandbox or take the node down, and prints what happened, so a test
 * asserts on what the module could do. argv (the container's args, DESIGN §8) is a list of commands
 * separated by ";" tokens, run in order in one run of the module:
 *
 *   fill PATH MIB [PATH MIB ...]   write MIB MiB to each PATH, 4 KiB at a time, until done or refused
 *   write PATH TEXT                 create or truncate PATH holding TEXT
 *   cat PATH                        print PATH's content
 *   ls DIR                          print DIR's entries
 *   rm PATH                         remove the file PATH
 *   mkdir PATH                      make the directory PATH
 *   symlink TARGET LINK             make LINK a symbolic link to TARGET
 *   link OLD NEW                    make NEW a hard link to OLD
 *   rename OLD NEW                  rename OLD to NEW
 *   spin                            loop forever (until the node stops it)
 *
 * Every command prints one line per outcome ("wrote P", "P: <strerror>", ...). Exit status 0.
 * Rebuild hostile.wasm with ./build.sh.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fail(const char *path) { printf("%s: %s\n", path, strerror(errno)); }

static void fill(const char *path, long mib) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    fail(path);
    return;
  }
  static char block[4096];
  memset(block, 'x', sizeof block);
  long long total = 0, goal = (long long)mib * 1024 * 1024;
  while (total < goal) {
    ssize_t n = write(fd, block, sizeof block);
    if (n <= 0) {
      printf("fill %s: stopped after %lld bytes: %s\n", path, total, n < 0 ? strerror(errno) : "nothing written");
      close(fd);
      return;
    }
    total += n;
  }
  close(fd);
  printf("fill %s: wrote %ld MiB\n", path, mib);
}

static void write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    fail(path);
    return;
  }
  ssize_t n = write(fd, text, strlen(text));
  if (n < 0 || close(fd) != 0) {
    fail(path);
    return;
  }
  printf("wrote %s\n", path);
}

static void cat(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fail(path);
    return;
  }
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) fwrite(buf, 1, n, stdout);
  if (n < 0) fail(path);
  close(fd);
  printf("\n");
}

static void ls(const char *path) {
  DIR *dir = opendir(path);
  if (!dir) {
    fail(path);
    return;
  }
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) printf("%s\n", entry->d_name);
  }
  closedir(dir);
}

static void done(int ok, const char *what, const char *path) {
  if (ok) {
    printf("%s %s\n", what, path);
  } else {
    fail(path);
  }
}

/* Runs one command (argv[0] the name); returns how many arguments it took, or -1 for an unknown one. */
static int run(int argc, char **argv) {
  const char *cmd = argv[0];
  if (!strcmp(cmd, "fill") && argc >= 3) {
    int i = 1;
    for (; i + 1 < argc; i += 2) fill(argv[i], atol(argv[i + 1]));
    return i;
  }
  if (!strcmp(cmd, "write") && argc >= 3) return write_text(argv[1], argv[2]), 3;
  if (!strcmp(cmd, "cat") && argc >= 2) return cat(argv[1]), 2;
  if (!strcmp(cmd, "ls") && argc >= 2) return ls(argv[1]), 2;
  if (!strcmp(cmd, "rm") && argc >= 2) return done(unlink(argv[1]) == 0, "removed", argv[1]), 2;
  if (!strcmp(cmd, "mkdir") && argc >= 2) return done(mkdir(argv[1], 0755) == 0, "made", argv[1]), 2;
  if (!strcmp(cmd, "symlink") && argc >= 3) return done(symlink(argv[1], argv[2]) == 0, "linked", argv[2]), 3;
  if (!strcmp(cmd, "link") && argc >= 3) return done(link(argv[1], argv[2]) == 0, "hard-linked", argv[2]), 3;
  if (!strcmp(cmd, "rename") && argc >= 3) return done(rename(argv[1], argv[2]) == 0, "renamed", argv[2]), 3;
  if (!strcmp(cmd, "spin")) {
    printf("spinning\n");
    fflush(stdout);
    for (volatile unsigned long n = 0;; n++) {
    }
  }
  return -1;
}

int main(int argc, char **argv) {
  int start = 0;
  while (start < argc) {
    int end = start;
    while (end < argc && strcmp(argv[end], ";")) end++;
    if (end > start && run(end - start, argv + start) < 0) {
      printf("hostile: unknown command %s\n", argv[start]);
    }
    fflush(stdout);
    start = end + 1;
  }
  return 0;
}
