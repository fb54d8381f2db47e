;; A module that needs a host function no WASI node provides (env.launch_missiles): the runner must
;; refuse it before running anything, naming the import. Rebuild with ./build.sh (wabt's wat2wasm).
(module
  (import "env" "launch_missiles" (func $launch (param i32)))
  (func (export "_start")
    (call $launch (i32.const 3))))
