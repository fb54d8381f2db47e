package dev.hearth.agent.reconcile;

/** What a cluster's one running (or queued) task is doing. */
enum TaskKind {
    PROVISION,
    TEARDOWN
}
