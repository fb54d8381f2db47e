package dev.hearth.agent.plan;

/**
 * A named volume mounted into a container. Named volumes, not host directories, so the agent works
 * the same whether it runs on the host or in a container itself, and a volume carries its labels.
 *
 * @param volume the volume's name
 * @param target the path inside the container
 * @param readOnly whether the container may only read it
 */
public record VolumeMount(String volume, String target, boolean readOnly) {}
