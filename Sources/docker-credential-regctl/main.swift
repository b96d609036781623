import RegctlCommands
await CredentialHelperMain.run()
