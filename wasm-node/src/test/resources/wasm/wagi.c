// A WAGI (CGI over WASI) test app. By PATH_INFO:
//   /echo     answers 200 with the request body (stdin), Content-Type text/plain
//   /status   answers 418 with the header X-Hearth: teapot
//   /redirect answers with a Location only (the node makes it 302)
//   /loop     never answers (the node must stop it at its time limit)
//   /flood    writes 100 MB of body (the node must bound it)
//   /env      prints NAME=value for the CGI variables it was given
//   otherwise 200 "hello from wagi.c at <PATH_INFO> (<REQUEST_METHOD>)"
// stderr gets one line per request, which belongs in the pod's log.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env(const char *name) {
    const char *value = getenv(name);
    return value ? value : "";
}

int main(void) {
    const char *path = env("PATH_INFO");
    fprintf(stderr, "wagi.c handling %s %s\n", env("REQUEST_METHOD"), path);
    if (strcmp(path, "/echo") == 0) {
        printf("Content-Type: text/plain\n\n");
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
            fwrite(buffer, 1, n, stdout);
        }
    } else if (strcmp(path, "/status") == 0) {
        printf("Status: 418 I'm a teapot\nX-Hearth: teapot\nContent-Type: text/plain\n\nshort and stout\n");
    } else if (strcmp(path, "/redirect") == 0) {
        printf("Location: /elsewhere\n\n");
    } else if (strcmp(path, "/loop") == 0) {
        volatile unsigned long spins = 0;
        for (;;) {
            spins++;
        }
    } else if (strcmp(path, "/flood") == 0) {
        printf("Content-Type: text/plain\n\n");
        static char line[1024];
        memset(line, 'x', sizeof line - 1);
        line[sizeof line - 2] = '\n';
        for (int i = 0; i < 100 * 1024; i++) {
            fputs(line, stdout);
        }
    } else if (strcmp(path, "/env") == 0) {
        printf("Content-Type: text/plain\n\n");
        const char *names[] = {"REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "CONTENT_LENGTH",
                               "CONTENT_TYPE", "HTTP_X_GREETING", "HTTP_AUTHORIZATION", "X_MATCHED_ROUTE", "GREETING"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            printf("%s=%s\n", names[i], env(names[i]));
        }
    } else {
        printf("Content-Type: text/html; charset=utf-8\n\n");
        printf("hello from wagi.c at %s (%s)\n", path, env("REQUEST_METHOD"));
    }
    return 0;
}
