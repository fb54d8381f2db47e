package dev.hearth.agent.tunnel;

/** Starts a cluster's toolbox container when a terminal first needs it. */
public interface ToolboxStarter {

    /**
     * @return the running toolbox's container id
     * @throws TunnelRefusedException when this host does not hold the cluster (or it is not running)
     */
    String start(String clusterId);
}
