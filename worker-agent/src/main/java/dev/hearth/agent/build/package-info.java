/**
 * Participants' builds (issue 5, docs/guided-demo.md steps 3–4): a {@code BuildRequest} becomes a
 * {@link dev.hearth.agent.build.BuildPlan} (pure, tested without Docker), a short-lived builder
 * container with no network compiles it, and the agent pushes the module to the host's registry as an
 * OCI wasm artifact. The build log streams as {@code LogChunk}s of {@code build/<id>}.
 */
package dev.hearth.agent.build;
