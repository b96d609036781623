import Glibc

// `make fuzz`: libFuzzer drives the target FUZZ_TARGET names (see FuzzTargets). Built with
// `-sanitize=fuzzer -DREGCTL_FUZZ`; any other build only says how to run it.
guard FuzzTargets.selected != nil else {
    print("set FUZZ_TARGET to one of: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))")
    exit(2)
}

#if REGCTL_FUZZ
/// libFuzzer's entry: one input for the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTargets.selected?(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzer(&argc, &argv, testOneInput))
#else
print("regctl-fuzz is built for fuzzing by `make fuzz`")
exit(2)
#endif
