import RegctlCommands

RegctlMain.run()
