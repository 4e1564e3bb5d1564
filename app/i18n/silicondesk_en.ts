<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConversationActions</name>
    <message numerus="yes">
        <source>Imported %n conversation(s){0}.</source>
        <translation>
            <numerusform>Imported %n conversation{0}.</numerusform>
            <numerusform>Imported %n conversations{0}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabWindow</name>
    <message numerus="yes">
        <source>This run posts %n request(s). Send them?</source>
        <translation>
            <numerusform>This run posts %n request. Send it?</numerusform>
            <numerusform>This run posts %n requests. Send them?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelFlow</name>
    <message numerus="yes">
        <source>Sent again with the last %n message(s);</source>
        <translation>
            <numerusform>Sent again with the last %n message;</numerusform>
            <numerusform>Sent again with the last %n messages;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier one(s) left out (see “Messages sent” in the parameters).</source>
        <translation>
            <numerusform>%n earlier one was left out (see “Messages sent” in the parameters).</numerusform>
            <numerusform>%n earlier ones were left out (see “Messages sent” in the parameters).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ParamPanel</name>
    <message numerus="yes">
        <source>
… (%n more character(s); the copy buttons include them)</source>
        <translation>
            <numerusform>
… (%n more character; the copy buttons include them)</numerusform>
            <numerusform>
… (%n more characters; the copy buttons include them)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolsTab</name>
    <message numerus="yes">
        <source>ready with %n tool(s)</source>
        <translation>
            <numerusform>ready with %n tool</numerusform>
            <numerusform>ready with %n tools</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TurnPresenter</name>
    <message numerus="yes">
        <source>Asked for %n answer(s) (n); the server sent {0}. Many servers ignore n: Regenerate adds another.</source>
        <translation>
            <numerusform>Asked for %n answer (n); the server sent {0}. Many servers ignore n: Regenerate adds another.</numerusform>
            <numerusform>Asked for %n answers (n); the server sent {0}. Many servers ignore n: Regenerate adds another.</numerusform>
        </translation>
    </message>
</context>
</TS>
