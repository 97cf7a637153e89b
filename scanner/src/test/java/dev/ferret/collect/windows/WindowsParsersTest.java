package dev.ferret.collect.windows;

import dev.ferret.model.windows.FirewallRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text and binary formats the Windows collectors interpret. */
class WindowsParsersTest {
    private static final String ROOT = "C:\\Windows";

    @Test
    void commandLinesSplitLikeTheMicrosoftRuntime() {
        assertEquals(List.of("C:\\Program Files\\A B\\x.exe", "-o", "pool:3333"),
                WindowsCommandLine.split("\"C:\\Program Files\\A B\\x.exe\" -o pool:3333"));
        assertEquals(List.of("a.exe", "a b", "c\"d", "e\\\\f", "g\\\"h"),
                WindowsCommandLine.split("a.exe \"a b\" c\\\"d e\\\\f \"g\\\\\\\"h\""));
        assertEquals(List.of("C:\\dir\\prog.exe", "C:\\temp\\"), WindowsCommandLine.split("C:\\dir\\prog.exe C:\\temp\\"),
                "backslashes not before a quote are literal");
        assertEquals(List.of("x.exe", "say \"hi\""), WindowsCommandLine.split("x.exe \"say \"\"hi\"\"\""));
        assertEquals(List.of("C:\\a\\b.exe"), WindowsCommandLine.split("  C:\\a\\b.exe  "));
        assertEquals(List.of(), WindowsCommandLine.split("   "));
    }

    @Test
    void pathsExpandNormaliseAndFindTheProgram() {
        Map<String, String> vars = Map.of("SystemRoot", ROOT, "TEMP", "C:\\Users\\a\\AppData\\Local\\Temp");
        assertEquals("C:\\Windows\\System32\\svchost.exe", WindowsPaths.program("%SystemRoot%\\System32\\svchost.exe -k netsvcs",
                vars, ROOT));
        assertEquals("C:\\Program Files\\A B\\x.exe", WindowsPaths.program("C:\\Program Files\\A B\\x.exe -arg", vars, ROOT),
                "unquoted paths with spaces: the shortest prefix that is a program");
        assertEquals("C:\\Windows\\System32\\drivers\\srv.sys", WindowsPaths.normalise("\\SystemRoot\\System32\\drivers\\srv.sys", ROOT));
        assertEquals("C:\\Windows\\system32\\DRIVERS\\x.sys", WindowsPaths.normalise("system32\\DRIVERS\\x.sys", ROOT));
        assertEquals("C:\\temp\\a.exe", WindowsPaths.normalise("\\??\\C:\\temp\\\\a.exe", ROOT));
        assertEquals("\\\\srv\\share\\a.exe", WindowsPaths.normalise("\\\\srv\\share\\a.exe", ROOT));
        assertEquals("%UNKNOWN%\\x", WindowsPaths.expand("%UNKNOWN%\\x", vars));
        assertEquals("C:\\Users\\a\\AppData\\Local\\Temp\\x.exe", WindowsPaths.expand("%temp%\\x.exe", vars),
                "variable names are case-insensitive");
        assertEquals(List.of("C:\\Windows\\System32\\rundll32.exe", "C:\\Users\\a\\AppData\\Local\\Temp\\evil.dll"),
                WindowsPaths.references("C:\\Windows\\System32\\rundll32.exe \"%TEMP%\\evil.dll\",DllMain", vars, ROOT));
        assertEquals(List.of("C:\\ProgramData\\x.ps1"), WindowsPaths.references(
                "powershell.exe -nop -w hidden -File C:\\ProgramData\\x.ps1", vars, ROOT), "bare programs are not paths");
        assertTrue(WindowsPaths.inSystemDirectory("C:\\WINDOWS\\system32\\x.dll", ROOT));
        assertFalse(WindowsPaths.inSystemDirectory("C:\\Windows\\System32\\drivers\\x.sys", ROOT));
        assertTrue(WindowsPaths.samePath("C:\\Windows\\SysWOW64\\ntdll.dll", "c:\\windows\\system32\\NTDLL.DLL", ROOT));
    }

    @Test
    void taskDefinitionsParseFromUtf16WithBom() throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<Task version=\"1.2\" "
                + "xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"><RegistrationInfo><Author>x</Author>"
                + "</RegistrationInfo><Principals><Principal><UserId>S-1-5-21-1-2-3-1001</UserId></Principal></Principals>"
                + "<Settings><Enabled>false</Enabled><Hidden>true</Hidden></Settings><Actions><Exec><Command>"
                + "%LOCALAPPDATA%\\u.exe</Command><Arguments>-q</Arguments></Exec><ComHandler><ClassId>"
                + "{01575CFE-9A55-4003-A5E1-F38D1EBDCBE1}</ClassId></ComHandler></Actions></Task>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        TaskXml t = TaskXml.parse(bytes);
        assertEquals("S-1-5-21-1-2-3-1001", t.userId());
        assertFalse(t.enabled());
        assertTrue(t.hidden());
        assertEquals(2, t.actions().size());
        assertEquals("%LOCALAPPDATA%\\u.exe -q", t.actions().get(0).commandLine());
        assertEquals("{01575CFE-9A55-4003-A5E1-F38D1EBDCBE1}", t.actions().get(1).classId());
    }

    @Test
    void taskParsingRefusesDoctypesAndNonTasks() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Task>&x;</Task>";
        assertThrows(IOException.class, () -> TaskXml.parse(evil.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> TaskXml.parse("<Other/>".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> TaskXml.parse(new byte[] {1, 2, 3}));
    }

    /** A shell link as the shell writes one: header, LinkInfo with a local base path, unicode arguments. */
    static byte[] link(String target, String arguments) {
        byte[] base = (target + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int infoHeader = 0x1C;
        int volumeId = 0x10;
        int infoSize = infoHeader + volumeId + base.length + 1;
        ByteBuffer b = ByteBuffer.allocate(0x4C + infoSize + 2 + arguments.length() * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x4C);
        b.put(new byte[16]); // CLSID
        b.putInt(0x2 | 0x20 | 0x80); // HasLinkInfo, HasArguments, IsUnicode
        b.put(new byte[0x4C - 0x18]);
        int start = b.position();
        b.putInt(infoSize).putInt(infoHeader).putInt(0x1).putInt(infoHeader).putInt(infoHeader + volumeId).putInt(0)
                .putInt(infoSize - 1);
        b.putInt(volumeId).put(new byte[volumeId - 4]);
        b.put(base);
        b.put((byte) 0); // empty common path suffix
        assertEquals(start + infoSize, b.position());
        b.putShort((short) arguments.length());
        b.put(arguments.getBytes(StandardCharsets.UTF_16LE));
        return b.array();
    }

    @Test
    void shortcutsResolveToTheirTarget() {
        LnkFile l = LnkFile.parse(link("C:\\Users\\Public\\upd.exe", "-silent"));
        assertEquals("C:\\Users\\Public\\upd.exe", l.target());
        assertEquals("-silent", l.arguments());
        assertNull(LnkFile.parse(new byte[10]).target());
        assertNull(LnkFile.parse(java.util.Arrays.copyOf(link("C:\\x.exe", ""), 0x50)).target(), "truncated");
    }

    @Test
    void firewallRulesParseAndCoverPorts() {
        FirewallRule r = FirewallRules.parse("id", "v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|"
                + "Profile=Private|LPort=135-139|LPort=445|RA4=LocalSubnet|Name=SMB|", "local");
        assertTrue(r.allow() && r.active() && r.inbound());
        assertEquals(List.of("Domain", "Private"), r.profiles());
        assertTrue(FirewallRules.covers(r, "tcp", 445));
        assertTrue(FirewallRules.covers(r, "tcp", 137));
        assertFalse(FirewallRules.covers(r, "udp", 445));
        assertFalse(FirewallRules.covers(r, "tcp", 3389));
        assertEquals("the local subnet", FirewallRules.scope(r));
        FirewallRule any = FirewallRules.parse("id", "v2.10|Action=Allow|Dir=In|Name=all|", "policy");
        assertTrue(FirewallRules.covers(any, "tcp", 445), "no protocol, no port: everything");
        assertEquals("any address", FirewallRules.scope(any));
        FirewallRule loop = FirewallRules.parse("id", "v2.10|Action=Allow|Dir=In|Protocol=6|LPort=445|RA4=127.0.0.1|", "x");
        assertFalse(FirewallRules.remote(loop));
        assertNull(FirewallRules.parse("id", "not a rule", "x"));
        assertTrue(FirewallRules.covers(FirewallRules.parse("id", "v2.10|Action=Allow|Dir=In|Protocol=6|LPort=RPC-EPMap|",
                "x"), "tcp", 135));
    }

    @Test
    void peHeadersAreRecognised() {
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[0x3C] = (byte) 0x80;
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        assertTrue(PeHeader.mzPe(pe, pe.length));
        assertFalse(PeHeader.peSignatureOnly(pe, pe.length));
        pe[0] = 0;
        pe[1] = 0; // a loader wiped the DOS header
        pe[0x84] = 0x64;
        pe[0x85] = (byte) 0x86;
        assertFalse(PeHeader.mzPe(pe, pe.length));
        assertTrue(PeHeader.peSignatureOnly(pe, pe.length));
        byte[] bogus = new byte[512];
        bogus[0] = 'M';
        bogus[1] = 'Z';
        bogus[0x3C] = (byte) 0xF0;
        bogus[0x3D] = (byte) 0xFF; // e_lfanew far outside the page
        assertFalse(PeHeader.mzPe(bogus, bogus.length));
        assertFalse(PeHeader.mzPe(new byte[10], 10));
    }
}
