"""The same hello handler (wagi.wasm) under wasmtime, one instance per request as WAGI runs it:
a fresh Store, WASI context (CGI environment, empty stdin, stdout to a file) and instance per request,
the Module compiled once. In one Python process, so process start is not counted; there is no HTTP
in front (the node's figure includes its HTTP server and client), so this is wasmtime's floor."""
import os, sys, tempfile, time
import wasmtime

wasm = sys.argv[1]
requests = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
engine = wasmtime.Engine()
module = wasmtime.Module.from_file(engine, wasm)
linker = wasmtime.Linker(engine)
linker.define_wasi()
out = os.path.join(tempfile.mkdtemp(), "stdout")

def once():
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.env = [["REQUEST_METHOD", "GET"], ["PATH_INFO", "/hello"], ["QUERY_STRING", ""], ["CONTENT_LENGTH", "0"]]
    wasi.stdout_file = out
    store.set_wasi(wasi)
    instance = linker.instantiate(store, module)
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as e:
        if e.code != 0:
            raise
    with open(out, "rb") as f:
        body = f.read()
    assert b"hello from wagi.c at /hello" in body, body

for _ in range(200):
    once()
latencies = []
start = time.perf_counter()
for _ in range(requests):
    t = time.perf_counter()
    once()
    latencies.append(time.perf_counter() - t)
seconds = time.perf_counter() - start
latencies.sort()
print("BENCH wagi wasmtime %s per-request requests=%d req/s=%.0f p50=%.2fms p99=%.2fms" % (
    wasmtime.__version__ if hasattr(wasmtime, "__version__") else "", requests, requests / seconds,
    latencies[len(latencies) // 2] * 1e3, latencies[int(len(latencies) * 0.99)] * 1e3))
