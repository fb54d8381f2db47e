;; A library-style (reactor) module: it exports a function but no _start, so there is nothing to run.
;; Rebuild with ./build.sh (wabt's wat2wasm).
(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
