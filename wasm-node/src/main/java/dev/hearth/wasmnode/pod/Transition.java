package dev.hearth.wasmnode.pod;

/** What a pod state decides when it is done: the state to go to, or the end of the pod on this node. */
public sealed interface Transition {

    static Transition to(PodState state) {
        return new Next(state);
    }

    static Transition done() {
        return new Done();
    }

    /** Go on in {@code state}. */
    record Next(PodState state) implements Transition {}

    /** The pod is finished here: its last status stands (or the pod is gone). */
    record Done() implements Transition {}
}
