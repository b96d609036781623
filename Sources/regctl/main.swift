import CProcessControl
import RegctlCommands

// Tokens and passwords pass through this process's memory: no core dump of it, and no other
// process of the user may read it.
_ = regctl_disable_dumping()

// One executable: started as docker-credential-regctl (a link), it is the credential
// helper, and does no argument parsing.
if CommandLine.arguments.first?.split(separator: "/").last == "docker-credential-regctl" {
    CredentialHelperMain.run()
} else {
    RegctlMain.run()
}
