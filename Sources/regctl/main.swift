import RegctlCommands

await RegctlMain.run()
