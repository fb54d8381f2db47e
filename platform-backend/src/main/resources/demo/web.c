/* Step 7 of Hearth's guided demo, "Make it a web app", in C: the hello-world as a WAGI handler
 * (docs/wasm-node.md, "Web apps"). The WASI node runs it once per HTTP request: the request comes in
 * environment variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_* headers) and the body on
 * stdin; what it prints on stdout is the response — headers, an empty line, then the page. */
#include <stdio.h>
#include <stdlib.h>

/* Make it yours: change the greeting, then build and run again. */
#define GREETING "Hello from WebAssembly!"

static const char *env(const char *name) {
    const char *value = getenv(name);
    return value ? value : "";
}

/* The path is the visitor's text: escaped, so it cannot add markup to the page. */
static void print_escaped(const char *text) {
    for (; *text; text++) {
        switch (*text) {
        case '&': fputs("&amp;", stdout); break;
        case '<': fputs("&lt;", stdout); break;
        case '>': fputs("&gt;", stdout); break;
        case '"': fputs("&quot;", stdout); break;
        default: putchar(*text);
        }
    }
}

int main(void) {
    /* stderr goes to the pod's log, beside the node's access-log line for this request. */
    fprintf(stderr, "answering %s %s\n", env("REQUEST_METHOD"), env("PATH_INFO"));
    printf("Content-Type: text/html; charset=utf-8\n\n");
    printf("<!doctype html><title>%s</title>\n<h1>%s</h1>\n", GREETING, GREETING);
    printf("<p>You asked for <code>");
    print_escaped(env("PATH_INFO"));
    printf("</code> (");
    print_escaped(env("REQUEST_METHOD"));
    printf(").</p>\n<p>Served by a WebAssembly module of ");
    print_escaped(env("HEARTH_USER"));
    printf(" on Hearth's WASI node.</p>\n");
    return 0;
}
