;; big-start.wat: a module that needs 32 MiB (512 pages) of memory before it runs a single instruction.
(module
  (memory (export "memory") 512)
  (func (export "_start")))
