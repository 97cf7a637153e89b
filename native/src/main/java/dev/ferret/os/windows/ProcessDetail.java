package dev.ferret.os.windows;

import java.time.Instant;

/**
 * What an opened process tells about itself. Fields that could not be read are null (or -1), never guessed.
 *
 * @param imagePath    DOS path of the executable (QueryFullProcessImageName)
 * @param commandLine  from the PEB (NtQueryInformationProcess); null when the process memory is not readable
 * @param cpu100ns     kernel + user time in 100 ns units
 * @param integrityRid mandatory label RID (0x1000 low, 0x2000 medium, 0x3000 high, 0x4000 system), -1 unknown
 * @param limited      only PROCESS_QUERY_LIMITED_INFORMATION was granted (protected process or no privilege)
 * @param workingSetKb resident working set in KiB (GetProcessMemoryInfo), -1 when the process refused it
 */
public record ProcessDetail(String imagePath, String commandLine, Instant created, long cpu100ns, int sessionId,
                            String userSid, String account, int integrityRid, boolean wow64, boolean limited,
                            long workingSetKb) {
}
