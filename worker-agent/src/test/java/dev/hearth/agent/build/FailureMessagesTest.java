package dev.hearth.agent.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure line is the compiler's first error with its place, as rustc and clang (Debian 12) print them. */
class FailureMessagesTest {

    @Test
    void rustcsFirstErrorWithTheLineItPointsAt() {
        List<String> log = List.of(
                "$ rustc --edition 2021 -O -C strip=symbols --target wasm32-wasi -o /out/app.wasm /src/main.rs",
                "warning: unused variable: `x`",
                " --> /src/main.rs:1:5",
                "error[E0425]: cannot find value `greeting` in this scope",
                " --> /src/main.rs:2:20",
                "  |",
                "2 |     println!(\"{}\", greeting);",
                "  |                    ^^^^^^^^ not found in this scope",
                "",
                "error: aborting due to previous error");
        assertThat(FailureMessages.firstError(log))
                .hasValue("main.rs:2:20: error[E0425]: cannot find value `greeting` in this scope");
    }

    @Test
    void rustcErrorWithoutACodeOrPlace() {
        assertThat(FailureMessages.firstError(List.of("error: expected one of `!` or `::`, found `<eof>`", "")))
                .hasValue("error: expected one of `!` or `::`, found `<eof>`");
    }

    @Test
    void clangsFirstErrorAndFatalError() {
        assertThat(FailureMessages.firstError(List.of(
                "$ clang --target=wasm32-wasi --sysroot=/usr -O2 -o /out/app.wasm /src/main.c",
                "/src/main.c:3:20: error: use of undeclared identifier 'greeting'",
                "    printf(\"%s\\n\", greeting);",
                "1 error generated.")))
                .hasValue("main.c:3:20: error: use of undeclared identifier 'greeting'");
        assertThat(FailureMessages.firstError(List.of("/src/main.c:1:10: fatal error: 'stdioo.h' file not found")))
                .hasValue("main.c:1:10: error: 'stdioo.h' file not found");
    }

    @Test
    void noKnownErrorLine() {
        assertThat(FailureMessages.firstError(List.of("warning: unused variable", "Killed"))).isEmpty();
    }

    @Test
    void aHugeMessageIsCut() {
        String message = FailureMessages.firstError(List.of("error: " + "x".repeat(5000))).orElseThrow();
        assertThat(message).hasSize(300).endsWith("…");
    }
}
