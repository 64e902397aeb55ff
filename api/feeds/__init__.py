"""Public feeds: iCal calendars per grade and per channel, XMLTV, HTTP caching of both."""
