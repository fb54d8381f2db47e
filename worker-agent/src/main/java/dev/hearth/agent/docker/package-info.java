/** The host's Docker engine: where it answers, and whether it does (the agent's readiness). */
package dev.hearth.agent.docker;
