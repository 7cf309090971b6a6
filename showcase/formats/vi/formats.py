# As Vietnamese write them: 6/11/2026, 17:00 6/11/2026, tháng 3/2027.
DATE_FORMAT = "j/n/Y"
DATETIME_FORMAT = "H:i j/n/Y"
SHORT_DATE_FORMAT = "j/n/Y"
SHORT_DATETIME_FORMAT = "H:i j/n/Y"
YEAR_MONTH_FORMAT = r"\t\h\á\n\g n/Y"
MONTH_DAY_FORMAT = "j/n"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
