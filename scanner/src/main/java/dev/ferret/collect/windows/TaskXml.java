package dev.ferret.collect.windows;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduled task's definition from the task store (C:\Windows\System32\Tasks\...): the XML the Task Scheduler
 * keeps, usually UTF-16 with a byte-order mark. Only what persistence judging needs: who runs it, whether it is
 * enabled or hidden, and its Exec and ComHandler actions. DTDs and external entities are refused.
 */
public record TaskXml(String author, String userId, boolean enabled, boolean hidden, List<Action> actions) {
    /** An Exec action (command, arguments) or a ComHandler action (classId). */
    public record Action(String command, String arguments, String workingDirectory, String classId) {
        public String commandLine() {
            if (classId != null) {
                return "COM handler " + classId;
            }
            return arguments == null || arguments.isBlank() ? command : command + " " + arguments;
        }
    }

    public TaskXml {
        actions = List.copyOf(actions);
    }

    public static TaskXml parse(byte[] xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a task definition: " + e.getMessage(), e);
        }
        Element task = doc.getDocumentElement();
        if (task == null || !local(task).equals("Task")) {
            throw new IOException("not a task definition: root element is not <Task>");
        }
        List<Action> actions = new ArrayList<>();
        Element actionsElement = child(task, "Actions");
        if (actionsElement != null) {
            for (Element a : children(actionsElement)) {
                switch (local(a)) {
                    case "Exec" -> actions.add(new Action(text(a, "Command"), text(a, "Arguments"),
                            text(a, "WorkingDirectory"), null));
                    case "ComHandler" -> actions.add(new Action(null, text(a, "Data"), null, text(a, "ClassId")));
                    default -> {
                        // SendEmail / ShowMessage: deprecated, no code runs
                    }
                }
            }
        }
        Element info = child(task, "RegistrationInfo");
        Element principals = child(task, "Principals");
        Element principal = principals == null ? null : child(principals, "Principal");
        Element settings = child(task, "Settings");
        String userId = principal == null ? null : text(principal, "UserId");
        if (userId == null && principal != null) {
            userId = text(principal, "GroupId");
        }
        return new TaskXml(info == null ? null : text(info, "Author"), userId,
                settings == null || !"false".equalsIgnoreCase(text(settings, "Enabled")),
                settings != null && "true".equalsIgnoreCase(text(settings, "Hidden")), actions);
    }

    private static String local(Node n) {
        String name = n.getNodeName();
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        NodeList list = e.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static Element child(Element e, String name) {
        for (Element c : children(e)) {
            if (local(c).equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String text(Element e, String name) {
        Element c = child(e, name);
        if (c == null) {
            return null;
        }
        String t = c.getTextContent();
        return t == null || t.isBlank() ? null : t.strip();
    }
}
