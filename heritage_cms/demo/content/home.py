"""The home page: the site title and its introduction."""

from ..schema import Home, T

HOME = Home(
    title=T("Di sản Cố đô Huế", "Huế Imperial Heritage"),
    intro=T(
        (
            "Khám phá Quần thể di tích Cố đô Huế, Di sản Văn hóa Thế giới được UNESCO ghi danh năm "
            "1993: từ Đại Nội uy nghi bên bờ sông Hương, chùa Thiên Mụ cổ kính trên đồi Hà Khê đến "
            "những lăng vua Nguyễn ẩn mình giữa núi đồi. Mỗi di tích, hiện vật và hành trình ở đây "
            "đều có bài thuyết minh song ngữ để bạn tự tham quan theo nhịp của riêng mình."
        ),
        (
            "Explore the Complex of Huế Monuments, inscribed as a UNESCO World Heritage Site in "
            "1993: from the Imperial City on the banks of the Perfume River and the venerable "
            "Thiên Mụ Pagoda on Hà Khê hill to the tombs of the Nguyễn emperors tucked away among "
            "the hills. Every monument, object and tour comes with a bilingual audio-guide script, "
            "so you can explore at your own pace."
        ),
    ),
)
