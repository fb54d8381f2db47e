/* Hearth's guided-demo hello-world for WASI in C: the same output as the Rust one — a greeting on
 * stdout, a line on stderr, its arguments, a few environment variables the pod manifest sets, and
 * the file the manifest mounts from a ConfigMap at /config/message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Make it yours: change the greeting, then build and run again. */
#define GREETING "Hello from WebAssembly!"

static const char *SHOWN_VARS[] = {"POD_NAME", "GREETING_FROM", "HEARTH_USER"};

static void print_config_message(void) {
    FILE *file = fopen("/config/message", "r");
    if (file == NULL) {
        fprintf(stderr, "cannot read /config/message\n");
        return;
    }
    char line[512];
    printf("/config/message: ");
    while (fgets(line, sizeof line, file) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        printf("%s", line);
    }
    printf("\n");
    fclose(file);
}

/* --ticks N prints N numbered lines, one every 200 ms, so a follower can watch a log grow. */
static void tick(int argc, char **argv) {
    int count = 0;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--ticks") == 0) {
            count = atoi(argv[i + 1]);
        }
    }
    struct timespec pause = {0, 200 * 1000 * 1000};
    for (int n = 1; n <= count; n++) {
        nanosleep(&pause, NULL);
        printf("tick %d\n", n);
        fflush(stdout);
    }
}

int main(int argc, char **argv) {
    printf("%s\n", GREETING);
    fprintf(stderr, "this line goes to stderr\n");
    printf("args: [");
    for (int i = 1; i < argc; i++) {
        printf("%s\"%s\"", i > 1 ? ", " : "", argv[i]);
    }
    printf("]\n");
    for (size_t i = 0; i < sizeof SHOWN_VARS / sizeof SHOWN_VARS[0]; i++) {
        const char *value = getenv(SHOWN_VARS[i]);
        if (value != NULL) {
            printf("%s=%s\n", SHOWN_VARS[i], value);
        } else {
            printf("%s is not set\n", SHOWN_VARS[i]);
        }
    }
    print_config_message();
    fflush(stdout);
    tick(argc, argv);
    return 0;
}
