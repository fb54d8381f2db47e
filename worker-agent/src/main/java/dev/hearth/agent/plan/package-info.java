/**
 * The plan half of plan-then-act (docs/architecture.md, "Conventions"): a desired cluster becomes an immutable
 * {@link dev.hearth.agent.plan.ClusterPlan} — networks, volumes, containers, ports, mounts, limits,
 * labels and the ordered provisioning steps — with no Docker call. Only the executor acts on a plan.
 */
package dev.hearth.agent.plan;
