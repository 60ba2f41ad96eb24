import LuaCompiler
import LuaVM

extension VM {
    /// Gives the VM the compiler, so that scripts may `load` text chunks.
    public func enableLoad() {
        compiler = { source, chunkName in
            do throws(CompileFailure) {
                let file = try Compiler.compile(source, path: chunkName, standalone: true, isFile: false)
                return CompiledChunk(chunk: file.chunk, closures: file.closures, closureLines: file.closureLines)
            } catch {
                // Lua's form: `name:line: message`, the first error only.
                let first = error.diagnostics.first
                throw ChunkSyntaxError(message: first.map { "\(chunkName):\($0.position.line): \($0.message)" } ?? "\(error)")
            }
        }
    }
}
