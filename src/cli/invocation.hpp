#pragma once
// Which name the binary answers to. Installed beside `ordercast` is a symlink `sds`: the Pattern
// Factory's operators know the command line by that name (`sds queue process`, `sds db status`).
// `ordercast sds ...` is the same, for a machine without the symlink.
namespace ordercast::cli {

struct invocation {
    bool as_sds = false;
    // What the command-line parser reads: argv[0] is the program's name ("sds" when as_sds).
    int argc = 0;
    char** argv = nullptr;
};

// `sds` when argv[0]'s file name is "sds", or when the first argument is "sds" (which then stands
// for the program's name); else `ordercast` with the arguments as given.
invocation read_invocation(int argc, char** argv);

}  // namespace ordercast::cli
