/**
 * The host's shared registry (docs/architecture.md, "A cluster, inside"): one Distribution container per host, started if absent, its
 * data on a named volume, reached as {@code localhost:<port>} from the host and as
 * {@code hearth-registry:5000} on every cluster network it is connected to.
 */
package dev.hearth.agent.registry;
