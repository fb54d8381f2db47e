/**
 * The host's cluster endpoint: one HAProxy container on the host network that routes TLS connections
 * by their SNI name to each cluster's API server on its loopback-published port, without terminating
 * TLS. The agent keeps its configuration level-triggered from the running control planes Docker shows
 * by label. See docs/operations.md ("Cluster endpoints") and docs/security.md.
 */
package dev.hearth.agent.endpoint;
