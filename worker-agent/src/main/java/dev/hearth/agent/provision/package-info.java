/**
 * The act half of plan-then-act (docs/architecture.md, "Conventions"–7): the executor turns a
 * {@link dev.hearth.agent.plan.ClusterPlan} into Docker objects and a working upstream control plane,
 * one small idempotent class per {@link Step}, listed in order by {@link ProvisionSteps}; the inventory and the
 * teardown find a cluster's objects by their labels, never by name.
 */
package dev.hearth.agent.provision;
