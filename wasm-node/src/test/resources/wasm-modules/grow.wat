;; grow.wat: asks for more linear memory, as malloc does when its heap is full.
;; It asks for 160 pages (10 MiB) on top of its 1 page, then exits 0 when it got them and 70 when
;; memory.grow refused (-1).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 160)) (i32.const -1))
      (then (call $proc_exit (i32.const 70))))
    ;; Touch the last byte of the grown memory, so the pages are really there.
    (i32.store8 (i32.const 10551295) (i32.const 1))
    (call $proc_exit (i32.const 0))))
