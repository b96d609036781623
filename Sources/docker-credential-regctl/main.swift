import RegctlCommands

CredentialHelperMain.run()
