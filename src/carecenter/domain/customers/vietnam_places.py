"""The 34 province-level units of Vietnam since 1 July 2025 and a sample of their wards, as text.

One province per block, then its wards; `vietnam.py` parses it. Kept apart because it is data, not
logic: reviewers of the parser should not have to scroll past 280 lines of place names.
"""

# One province per block: "code|name|short|region|branch|area code|population in millions", then its
# wards, one a line:
# "new ward|old province (empty = the province's own name)|old district|old ward".
PROVINCE_MAP = """
01|Thành phố Hà Nội|HNI|MB|HN01|024|8.7
Phường Hoàn Kiếm||Quận Hoàn Kiếm|Phường Hàng Trống
Phường Cửa Nam||Quận Hoàn Kiếm|Phường Cửa Nam
Phường Ba Đình||Quận Ba Đình|Phường Điện Biên
Phường Ngọc Hà||Quận Ba Đình|Phường Ngọc Hà
Phường Giảng Võ||Quận Ba Đình|Phường Giảng Võ
Phường Văn Miếu - Quốc Tử Giám||Quận Đống Đa|Phường Văn Miếu
Phường Hai Bà Trưng||Quận Hai Bà Trưng|Phường Lê Đại Hành
Phường Cầu Giấy||Quận Cầu Giấy|Phường Quan Hoa
Phường Hà Đông||Quận Hà Đông|Phường Quang Trung
Xã Sóc Sơn||Huyện Sóc Sơn|Thị trấn Sóc Sơn

04|Tỉnh Cao Bằng|CBG|MB|TN01|0206|0.55
Phường Thục Phán||Thành phố Cao Bằng|Phường Hợp Giang
Phường Nùng Trí Cao||Thành phố Cao Bằng|Phường Sông Bằng
Phường Tân Giang||Thành phố Cao Bằng|Phường Tân Giang
Xã Trùng Khánh||Huyện Trùng Khánh|Thị trấn Trùng Khánh
Xã Hòa An||Huyện Hòa An|Thị trấn Nước Hai

08|Tỉnh Tuyên Quang|TQG|MB|TN01|0207|1.9
Phường Minh Xuân||Thành phố Tuyên Quang|Phường Minh Xuân
Phường Nông Tiến||Thành phố Tuyên Quang|Phường Nông Tiến
Phường An Tường||Thành phố Tuyên Quang|Phường An Tường
Phường Hà Giang 1|Tỉnh Hà Giang|Thành phố Hà Giang|Phường Trần Phú
Phường Hà Giang 2|Tỉnh Hà Giang|Thành phố Hà Giang|Phường Nguyễn Trãi
Xã Đồng Văn|Tỉnh Hà Giang|Huyện Đồng Văn|Thị trấn Đồng Văn

11|Tỉnh Điện Biên|DBN|MB|TN01|0215|0.65
Phường Điện Biên Phủ||Thành phố Điện Biên Phủ|Phường Mường Thanh
Phường Mường Thanh||Thành phố Điện Biên Phủ|Phường Him Lam
Phường Mường Lay||Thị xã Mường Lay|Phường Na Lay
Xã Tuần Giáo||Huyện Tuần Giáo|Thị trấn Tuần Giáo
Xã Điện Biên Đông||Huyện Điện Biên Đông|Thị trấn Điện Biên Đông

12|Tỉnh Lai Châu|LCU|MB|TN01|0213|0.5
Phường Tân Phong||Thành phố Lai Châu|Phường Tân Phong
Phường Đoàn Kết||Thành phố Lai Châu|Phường Đoàn Kết
Xã Tam Đường||Huyện Tam Đường|Thị trấn Tam Đường
Xã Than Uyên||Huyện Than Uyên|Thị trấn Than Uyên
Xã Sìn Hồ||Huyện Sìn Hồ|Thị trấn Sìn Hồ

14|Tỉnh Sơn La|SLA|MB|TN01|0212|1.3
Phường Tô Hiệu||Thành phố Sơn La|Phường Tô Hiệu
Phường Chiềng An||Thành phố Sơn La|Phường Chiềng An
Phường Mộc Châu||Thị xã Mộc Châu|Phường Mộc Lỵ
Xã Mai Sơn||Huyện Mai Sơn|Thị trấn Hát Lót
Xã Thuận Châu||Huyện Thuận Châu|Thị trấn Thuận Châu

15|Tỉnh Lào Cai|LCI|MB|TN01|0214|1.8
Phường Lào Cai||Thành phố Lào Cai|Phường Cốc Lếu
Phường Cam Đường||Thành phố Lào Cai|Phường Bình Minh
Phường Sa Pa||Thị xã Sa Pa|Phường Sa Pa
Phường Yên Bái|Tỉnh Yên Bái|Thành phố Yên Bái|Phường Đồng Tâm
Phường Nghĩa Lộ|Tỉnh Yên Bái|Thị xã Nghĩa Lộ|Phường Pú Trạng
Xã Bắc Hà||Huyện Bắc Hà|Thị trấn Bắc Hà

19|Tỉnh Thái Nguyên|TNN|MB|TN01|0208|1.7
Phường Phan Đình Phùng||Thành phố Thái Nguyên|Phường Phan Đình Phùng
Phường Gia Sàng||Thành phố Thái Nguyên|Phường Gia Sàng
Phường Phổ Yên||Thành phố Phổ Yên|Phường Ba Hàng
Phường Sông Công||Thành phố Sông Công|Phường Thắng Lợi
Phường Đức Xuân|Tỉnh Bắc Kạn|Thành phố Bắc Kạn|Phường Đức Xuân
Phường Bắc Kạn|Tỉnh Bắc Kạn|Thành phố Bắc Kạn|Phường Phùng Chí Kiên

20|Tỉnh Lạng Sơn|LSN|MB|TN01|0205|0.8
Phường Tam Thanh||Thành phố Lạng Sơn|Phường Tam Thanh
Phường Lương Văn Tri||Thành phố Lạng Sơn|Phường Chi Lăng
Phường Đông Kinh||Thành phố Lạng Sơn|Phường Đông Kinh
Xã Đồng Đăng||Huyện Cao Lộc|Thị trấn Đồng Đăng
Xã Hữu Lũng||Huyện Hữu Lũng|Thị trấn Hữu Lũng

22|Tỉnh Quảng Ninh|QNH|MB|HP01|0203|1.4
Phường Hạ Long||Thành phố Hạ Long|Phường Bạch Đằng
Phường Bãi Cháy||Thành phố Hạ Long|Phường Bãi Cháy
Phường Hồng Gai||Thành phố Hạ Long|Phường Hồng Gai
Phường Cẩm Phả||Thành phố Cẩm Phả|Phường Cẩm Trung
Phường Móng Cái 1||Thành phố Móng Cái|Phường Trần Phú
Phường Uông Bí||Thành phố Uông Bí|Phường Quang Trung

24|Tỉnh Bắc Ninh|BNH|MB|HP01|0222|3.6
Phường Kinh Bắc||Thành phố Bắc Ninh|Phường Suối Hoa
Phường Võ Cường||Thành phố Bắc Ninh|Phường Võ Cường
Phường Từ Sơn||Thành phố Từ Sơn|Phường Đông Ngàn
Phường Bắc Giang|Tỉnh Bắc Giang|Thành phố Bắc Giang|Phường Trần Phú
Phường Đa Mai|Tỉnh Bắc Giang|Thành phố Bắc Giang|Phường Đa Mai

25|Tỉnh Phú Thọ|PTO|MB|TN01|0210|4.0
Phường Việt Trì||Thành phố Việt Trì|Phường Tiên Cát
Phường Nông Trang||Thành phố Việt Trì|Phường Nông Trang
Phường Phú Thọ||Thị xã Phú Thọ|Phường Phong Châu
Phường Vĩnh Phúc|Tỉnh Vĩnh Phúc|Thành phố Vĩnh Yên|Phường Ngô Quyền
Phường Phúc Yên|Tỉnh Vĩnh Phúc|Thành phố Phúc Yên|Phường Hùng Vương
Phường Hòa Bình|Tỉnh Hòa Bình|Thành phố Hòa Bình|Phường Phương Lâm

31|Thành phố Hải Phòng|HPG|MB|HP01|0225|4.7
Phường Hồng Bàng||Quận Hồng Bàng|Phường Hoàng Văn Thụ
Phường Lê Chân||Quận Lê Chân|Phường An Biên
Phường Ngô Quyền||Quận Ngô Quyền|Phường Máy Tơ
Phường Hải An||Quận Hải An|Phường Đằng Lâm
Phường Hải Dương|Tỉnh Hải Dương|Thành phố Hải Dương|Phường Trần Hưng Đạo
Phường Chu Văn An|Tỉnh Hải Dương|Thành phố Chí Linh|Phường Sao Đỏ

33|Tỉnh Hưng Yên|HYN|MB|HP01|0221|3.6
Phường Phố Hiến||Thành phố Hưng Yên|Phường Hiến Nam
Phường Sơn Nam||Thành phố Hưng Yên|Phường Lê Lợi
Phường Mỹ Hào||Thị xã Mỹ Hào|Phường Bần Yên Nhân
Phường Thái Bình|Tỉnh Thái Bình|Thành phố Thái Bình|Phường Lê Hồng Phong
Phường Trần Lãm|Tỉnh Thái Bình|Thành phố Thái Bình|Phường Trần Lãm
Xã Văn Giang||Huyện Văn Giang|Thị trấn Văn Giang

37|Tỉnh Ninh Bình|NBH|MB|HP01|0229|4.4
Phường Hoa Lư||Thành phố Hoa Lư|Phường Đông Thành
Phường Tam Điệp||Thành phố Tam Điệp|Phường Bắc Sơn
Phường Nam Định|Tỉnh Nam Định|Thành phố Nam Định|Phường Vị Hoàng
Phường Thiên Trường|Tỉnh Nam Định|Thành phố Nam Định|Phường Lộc Vượng
Phường Phủ Lý|Tỉnh Hà Nam|Thành phố Phủ Lý|Phường Hai Bà Trưng
Phường Duy Tiên|Tỉnh Hà Nam|Thị xã Duy Tiên|Phường Đồng Văn

38|Tỉnh Thanh Hóa|THA|MT|NA01|0237|3.7
Phường Hạc Thành||Thành phố Thanh Hóa|Phường Điện Biên
Phường Đông Sơn||Thành phố Thanh Hóa|Phường Rừng Thông
Phường Hàm Rồng||Thành phố Thanh Hóa|Phường Hàm Rồng
Phường Sầm Sơn||Thành phố Sầm Sơn|Phường Trường Sơn
Phường Bỉm Sơn||Thị xã Bỉm Sơn|Phường Ba Đình
Xã Thọ Xuân||Huyện Thọ Xuân|Thị trấn Thọ Xuân

40|Tỉnh Nghệ An|NAN|MT|NA01|0238|3.4
Phường Thành Vinh||Thành phố Vinh|Phường Quang Trung
Phường Trường Vinh||Thành phố Vinh|Phường Trường Thi
Phường Vinh Hưng||Thành phố Vinh|Phường Hưng Dũng
Phường Cửa Lò||Thị xã Cửa Lò|Phường Nghi Thủy
Phường Hoàng Mai||Thị xã Hoàng Mai|Phường Quỳnh Thiện
Xã Diễn Châu||Huyện Diễn Châu|Thị trấn Diễn Châu

42|Tỉnh Hà Tĩnh|HTH|MT|NA01|0239|1.3
Phường Thành Sen||Thành phố Hà Tĩnh|Phường Bắc Hà
Phường Trần Phú||Thành phố Hà Tĩnh|Phường Trần Phú
Phường Bắc Hồng Lĩnh||Thị xã Hồng Lĩnh|Phường Bắc Hồng
Phường Sông Trí||Thị xã Kỳ Anh|Phường Sông Trí
Xã Can Lộc||Huyện Can Lộc|Thị trấn Nghèn

44|Tỉnh Quảng Trị|QTI|MT|DN01|0232|1.9
Phường Đồng Hới|Tỉnh Quảng Bình|Thành phố Đồng Hới|Phường Hải Thành
Phường Đồng Thuận|Tỉnh Quảng Bình|Thành phố Đồng Hới|Phường Bắc Lý
Phường Ba Đồn|Tỉnh Quảng Bình|Thị xã Ba Đồn|Phường Ba Đồn
Phường Đông Hà||Thành phố Đông Hà|Phường 1
Phường Nam Đông Hà||Thành phố Đông Hà|Phường 3
Phường Quảng Trị||Thị xã Quảng Trị|Phường 1

46|Thành phố Huế|HUE|MT|DN01|0234|1.2
Phường Thuận Hóa|Tỉnh Thừa Thiên Huế|Thành phố Huế|Phường Phú Hội
Phường Phú Xuân|Tỉnh Thừa Thiên Huế|Thành phố Huế|Phường Đông Ba
Phường Kim Long|Tỉnh Thừa Thiên Huế|Thành phố Huế|Phường Kim Long
Phường Hương Thủy|Tỉnh Thừa Thiên Huế|Thị xã Hương Thủy|Phường Phú Bài
Phường Hương Trà|Tỉnh Thừa Thiên Huế|Thị xã Hương Trà|Phường Tứ Hạ

48|Thành phố Đà Nẵng|DNG|MT|DN01|0236|3.1
Phường Hải Châu||Quận Hải Châu|Phường Hải Châu I
Phường Thanh Khê||Quận Thanh Khê|Phường Thanh Khê Tây
Phường Sơn Trà||Quận Sơn Trà|Phường An Hải Bắc
Phường Ngũ Hành Sơn||Quận Ngũ Hành Sơn|Phường Mỹ An
Phường Hội An|Tỉnh Quảng Nam|Thành phố Hội An|Phường Minh An
Phường Tam Kỳ|Tỉnh Quảng Nam|Thành phố Tam Kỳ|Phường An Mỹ
Xã Hòa Vang||Huyện Hòa Vang|Xã Hòa Phong

51|Tỉnh Quảng Ngãi|QNI|MT|DN01|0255|2.2
Phường Cẩm Thành||Thành phố Quảng Ngãi|Phường Trần Phú
Phường Nghĩa Lộ||Thành phố Quảng Ngãi|Phường Nghĩa Lộ
Phường Trương Quang Trọng||Thành phố Quảng Ngãi|Phường Trương Quang Trọng
Phường Đức Phổ||Thị xã Đức Phổ|Phường Nguyễn Nghiêm
Phường Kon Tum|Tỉnh Kon Tum|Thành phố Kon Tum|Phường Quyết Thắng
Phường Đăk Cấm|Tỉnh Kon Tum|Thành phố Kon Tum|Phường Ngô Mây

52|Tỉnh Gia Lai|GLI|MT|KH01|0256|3.6
Phường Quy Nhơn|Tỉnh Bình Định|Thành phố Quy Nhơn|Phường Lê Lợi
Phường Quy Nhơn Nam|Tỉnh Bình Định|Thành phố Quy Nhơn|Phường Ghềnh Ráng
Phường Bình Định|Tỉnh Bình Định|Thị xã An Nhơn|Phường Bình Định
Phường Pleiku||Thành phố Pleiku|Phường Tây Sơn
Phường Hội Phú||Thành phố Pleiku|Phường Hội Phú
Phường An Khê||Thị xã An Khê|Phường An Phú

56|Tỉnh Khánh Hòa|KHA|MT|KH01|0258|2.2
Phường Nha Trang||Thành phố Nha Trang|Phường Lộc Thọ
Phường Bắc Nha Trang||Thành phố Nha Trang|Phường Vĩnh Hải
Phường Cam Ranh||Thành phố Cam Ranh|Phường Cam Lộc
Phường Ninh Hòa||Thị xã Ninh Hòa|Phường Ninh Hiệp
Phường Phan Rang|Tỉnh Ninh Thuận|Thành phố Phan Rang - Tháp Chàm|Phường Thanh Sơn
Phường Đô Vinh|Tỉnh Ninh Thuận|Thành phố Phan Rang - Tháp Chàm|Phường Đô Vinh

66|Tỉnh Đắk Lắk|DLK|MT|KH01|0262|3.3
Phường Buôn Ma Thuột||Thành phố Buôn Ma Thuột|Phường Thắng Lợi
Phường Tân An||Thành phố Buôn Ma Thuột|Phường Tân An
Phường Buôn Hồ||Thị xã Buôn Hồ|Phường An Lạc
Phường Tuy Hòa|Tỉnh Phú Yên|Thành phố Tuy Hòa|Phường 1
Phường Phú Yên|Tỉnh Phú Yên|Thành phố Tuy Hòa|Phường 9
Phường Xuân Đài|Tỉnh Phú Yên|Thị xã Sông Cầu|Phường Xuân Phú

68|Tỉnh Lâm Đồng|LDG|MT|KH01|0263|3.9
Phường Xuân Hương - Đà Lạt||Thành phố Đà Lạt|Phường 1
Phường Lâm Viên - Đà Lạt||Thành phố Đà Lạt|Phường 8
Phường B'Lao||Thành phố Bảo Lộc|Phường 1
Phường Bắc Gia Nghĩa|Tỉnh Đắk Nông|Thành phố Gia Nghĩa|Phường Nghĩa Đức
Phường Nam Gia Nghĩa|Tỉnh Đắk Nông|Thành phố Gia Nghĩa|Phường Nghĩa Tân
Phường Phan Thiết|Tỉnh Bình Thuận|Thành phố Phan Thiết|Phường Đức Thắng
Phường Mũi Né|Tỉnh Bình Thuận|Thành phố Phan Thiết|Phường Mũi Né

75|Tỉnh Đồng Nai|DNI|MN|DG01|0251|4.5
Phường Trấn Biên||Thành phố Biên Hòa|Phường Quyết Thắng
Phường Biên Hòa||Thành phố Biên Hòa|Phường Tân Phong
Phường Long Khánh||Thành phố Long Khánh|Phường Xuân Trung
Phường Bình Phước|Tỉnh Bình Phước|Thành phố Đồng Xoài|Phường Tân Phú
Phường Đồng Xoài|Tỉnh Bình Phước|Thành phố Đồng Xoài|Phường Tân Bình
Xã Long Thành||Huyện Long Thành|Thị trấn Long Thành

79|Thành phố Hồ Chí Minh|HCM|MN|HC01|028|14.0
Phường Sài Gòn||Quận 1|Phường Bến Nghé
Phường Bến Thành||Quận 1|Phường Bến Thành
Phường Tân Định||Quận 1|Phường Tân Định
Phường Xuân Hòa||Quận 3|Phường Võ Thị Sáu
Phường Chợ Lớn||Quận 5|Phường 11
Phường Bình Thạnh||Quận Bình Thạnh|Phường 14
Phường Gò Vấp||Quận Gò Vấp|Phường 17
Phường Thủ Đức||Thành phố Thủ Đức|Phường Linh Chiểu
Phường Thủ Dầu Một|Tỉnh Bình Dương|Thành phố Thủ Dầu Một|Phường Phú Cường
Phường Vũng Tàu|Tỉnh Bà Rịa - Vũng Tàu|Thành phố Vũng Tàu|Phường 1

80|Tỉnh Tây Ninh|TNH|MN|DG01|0276|3.3
Phường Tân Ninh||Thành phố Tây Ninh|Phường 1
Phường Hòa Thành||Thị xã Hòa Thành|Phường Long Hoa
Phường Long An|Tỉnh Long An|Thành phố Tân An|Phường 1
Phường Tân An|Tỉnh Long An|Thành phố Tân An|Phường 3
Phường Kiến Tường|Tỉnh Long An|Thị xã Kiến Tường|Phường 1
Xã Hậu Nghĩa|Tỉnh Long An|Huyện Đức Hòa|Thị trấn Hậu Nghĩa

82|Tỉnh Đồng Tháp|DTP|MN|CT01|0277|4.4
Phường Mỹ Tho|Tỉnh Tiền Giang|Thành phố Mỹ Tho|Phường 1
Phường Đạo Thạnh|Tỉnh Tiền Giang|Thành phố Mỹ Tho|Phường 5
Phường Gò Công|Tỉnh Tiền Giang|Thị xã Gò Công|Phường 1
Phường Cao Lãnh||Thành phố Cao Lãnh|Phường 1
Phường Sa Đéc||Thành phố Sa Đéc|Phường 1
Phường An Bình||Thành phố Hồng Ngự|Phường An Thạnh

86|Tỉnh Vĩnh Long|VLG|MN|CT01|0270|4.3
Phường Long Châu||Thành phố Vĩnh Long|Phường 1
Phường Thanh Đức||Thành phố Vĩnh Long|Phường 5
Phường Bến Tre|Tỉnh Bến Tre|Thành phố Bến Tre|Phường An Hội
Phường An Hội|Tỉnh Bến Tre|Thành phố Bến Tre|Phường Phú Khương
Phường Trà Vinh|Tỉnh Trà Vinh|Thành phố Trà Vinh|Phường 1
Phường Nguyệt Hóa|Tỉnh Trà Vinh|Thành phố Trà Vinh|Phường 8

91|Tỉnh An Giang|AGG|MN|CT01|0296|4.9
Phường Rạch Giá|Tỉnh Kiên Giang|Thành phố Rạch Giá|Phường Vĩnh Thanh Vân
Phường Vĩnh Thông|Tỉnh Kiên Giang|Thành phố Rạch Giá|Phường Vĩnh Thông
Đặc khu Phú Quốc|Tỉnh Kiên Giang|Thành phố Phú Quốc|Phường Dương Đông
Phường Hà Tiên|Tỉnh Kiên Giang|Thành phố Hà Tiên|Phường Đông Hồ
Phường Long Xuyên||Thành phố Long Xuyên|Phường Mỹ Long
Phường Châu Đốc||Thành phố Châu Đốc|Phường Châu Phú A

92|Thành phố Cần Thơ|CTO|MN|CT01|0292|3.2
Phường Ninh Kiều||Quận Ninh Kiều|Phường Tân An
Phường Cái Khế||Quận Ninh Kiều|Phường Cái Khế
Phường Bình Thủy||Quận Bình Thủy|Phường Bình Thủy
Phường Cái Răng||Quận Cái Răng|Phường Lê Bình
Phường Sóc Trăng|Tỉnh Sóc Trăng|Thành phố Sóc Trăng|Phường 1
Phường Vị Thanh|Tỉnh Hậu Giang|Thành phố Vị Thanh|Phường I

96|Tỉnh Cà Mau|CMU|MN|CT01|0290|2.6
Phường An Xuyên||Thành phố Cà Mau|Phường 5
Phường Lý Văn Lâm||Thành phố Cà Mau|Phường 1
Phường Tân Thành||Thành phố Cà Mau|Phường Tân Thành
Phường Bạc Liêu|Tỉnh Bạc Liêu|Thành phố Bạc Liêu|Phường 3
Phường Giá Rai|Tỉnh Bạc Liêu|Thị xã Giá Rai|Phường 1
Xã Năm Căn||Huyện Năm Căn|Thị trấn Năm Căn
"""
