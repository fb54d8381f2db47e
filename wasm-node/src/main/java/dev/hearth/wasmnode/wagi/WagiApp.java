package dev.hearth.wasmnode.wagi;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.wasmnode.wasi.ConsoleSink;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One container's web app while its pod runs: a plain-HTTP listener on the node's address and the
 * container's {@code http} port (the pod's IP is the node's, docs/wasm-node.md "Web apps"), answering
 * with {@link WagiHandler}. Listening starts in {@link #start}, so a pod is reported Ready only once
 * its app can be reached; {@link #close} stops listening and every module still running.
 */
public final class WagiApp implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService connections;
    private final ExecutorService modules;

    private WagiApp(HttpServer server, ExecutorService connections, ExecutorService modules) {
        this.server = server;
        this.connections = connections;
        this.modules = modules;
    }

    /**
     * Listens on {@code address:port} and serves {@code program} there.
     *
     * @throws IOException when the port cannot be taken (e.g. another pod on this node has it)
     */
    public static WagiApp start(InetAddress address, int port, String name, WasiProgram program, WasiSandbox sandbox,
            WagiRoute route, WagiLimits limits, ConsoleSink log, Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 128);
        // Connections wait on clients on cheap virtual threads; modules run on platform threads with room
        // for the interpreter's recursion, at most the pod's concurrency at once (WagiHandler counts them).
        ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService modules = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name(name + "-request-", 0)
                .daemon(true).stackSize(WagiHandler.MODULE_STACK_BYTES).factory());
        server.createContext("/", new WagiHandler(program, sandbox, route, limits, log, modules, clock));
        server.setExecutor(connections);
        server.start();
        return new WagiApp(server, connections, modules);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        modules.shutdownNow();
        connections.shutdownNow();
    }
}
