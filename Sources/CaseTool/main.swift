// The casetool executable: everything it does lives in CaseToolCLI, where tests reach it in-process.
import CaseToolCLI

CaseTool.main()
