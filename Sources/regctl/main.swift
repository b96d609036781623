import RegctlCommands

// One executable: started as docker-credential-regctl (a link), it is the credential
// helper, and does no argument parsing.
if CommandLine.arguments.first?.split(separator: "/").last == "docker-credential-regctl" {
    CredentialHelperMain.run()
} else {
    RegctlMain.run()
}
